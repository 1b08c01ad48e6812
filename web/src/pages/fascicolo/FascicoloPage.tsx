import { useTranslation } from 'react-i18next';
import { Alert, Container } from 'design-react-kit';
import type { Me } from '../../api/identity.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { AccessesSection } from './AccessesSection.tsx';
import { ConsentSection } from './ConsentSection.tsx';
import { DelegatesSection } from './DelegatesSection.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { ExemptionsSection } from './ExemptionsSection.tsx';
import { FascicoloNav } from './FascicoloNav.tsx';
import { LabResultsSection } from './LabResultsSection.tsx';
import { PrescriptionsSection } from './PrescriptionsSection.tsx';
import { VaccinationsSection } from './VaccinationsSection.tsx';

/** "Il mio fascicolo": the citizen's FSE, or the record of whom a delegate acts for. */
export function FascicoloPage() {
  const { t } = useTranslation();
  usePageTitle(t('fse.title'));
  return (
    <Container className="my-5">
      <h1>{t('fse.title')}</h1>
      <RequireSession as="citizen" allow={(me) => me.kind === 'citizen'} forbidden={t('fse.citizensOnly')}>
        {/* Keyed by whom the record is: switching "acting for" starts every section afresh. */}
        {(me) => <FascicoloContent key={me.actingFor?.fiscalCode ?? 'self'} me={me} />}
      </RequireSession>
    </Container>
  );
}

function FascicoloContent({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <>
      {me.actingFor === null ? (
        <p className="lead mb-4">{t('fse.lead')}</p>
      ) : (
        <Alert color="info" fade={false} className="mb-4">
          {t('fse.actingFor', { name: me.actingFor.name })}
        </Alert>
      )}
      <div className="row gy-5 gx-4 gx-sm-5">
        <div className="col-12 col-lg-3">
          <FascicoloNav />
        </div>
        <div className="col-12 col-lg-9">
          <DocumentsSection base="/api/me/records" canHide heading={t('fse.documents.heading')} />
          <PrescriptionsSection base="/api/me/records" />
          <ExemptionsSection base="/api/me/records" />
          <LabResultsSection base="/api/me/records" />
          <VaccinationsSection base="/api/me/records" />
          <ConsentSection />
          <AccessesSection />
          <DelegatesSection me={me} />
        </div>
      </div>
    </>
  );
}
