import { useTranslation } from 'react-i18next';
import { demoInfo } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';

/** In demo mode the SMS goes to a simulated phone: say where to read it. */
export function DemoPhonesHint() {
  const { t } = useTranslation();
  const demo = useApi('/api/demo', demoInfo);
  if (demo.status !== 'ok' || !demo.data.enabled) return null;
  return (
    <p className="salus-demo-hint mt-3" data-testid="demo-phones-hint">
      {t('enroll.code.demo')}{' '}
      <a href="/telefoni" target="_blank" rel="noopener">
        {t('enroll.code.demoLink')}
        <span className="visually-hidden"> {t('common.newTab')}</span>
      </a>
    </p>
  );
}
