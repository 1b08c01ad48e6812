import { useTranslation } from 'react-i18next';
import type { Cohort } from '../../api/campaigns.ts';
import { useFormat } from '../../format.ts';

/** Who may enroll: each birth-year group, and whether it is open or when it opens. */
export function CohortList({ cohorts }: { cohorts: Cohort[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (cohorts.length === 0) return <p>{t('campaign.cohorts.none')}</p>;
  return (
    <ul className="salus-cohorts" data-testid="cohorts">
      {cohorts.map((cohort) => (
        <li key={cohort.id} className="salus-cohort">
          <span className="fw-semibold">{cohort.label}</span>{' '}
          <span>
            {cohort.bornFromYear === null
              ? t('campaign.cohorts.bornBy', { year: cohort.bornToYear })
              : t('campaign.cohorts.bornBetween', { from: cohort.bornFromYear, to: cohort.bornToYear })}
          </span>
          {cohort.open ? (
            <span className="badge bg-success salus-badge">{t('campaign.cohorts.open')}</span>
          ) : (
            <span className="badge bg-secondary salus-badge">
              {t('campaign.cohorts.opensOn', { date: format.dateTime(cohort.opensAt) })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
