import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../api/campaigns.ts';
import type { CampaignStanding } from '../../api/identity.ts';
import { useFormat } from '../../format.ts';
import { channelLabel } from '../../problems/enrollProblem.ts';
import { GpEnrollButton } from './GpEnrollButton.tsx';

interface Props {
  campaign: Campaign;
  standing: CampaignStanding | undefined;
  fiscalCode: string;
  name: string;
}

/**
 * A patient's place in the campaign on the GP's list: enrolled (when and how), or eligible
 * now with the "Iscrivi" button, or from a date, or not at all. The button is offered only
 * where enrolling can succeed: the server refuses the others anyway.
 */
export function GpStanding({ campaign, standing, fiscalCode, name }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  if (standing === undefined) return null;
  const { enrollment, eligibility, eligibleFrom } = standing;
  let text: string;
  if (enrollment !== null) {
    const values = { date: format.dateTime(enrollment.enrolledAt), channel: channelLabel(t, enrollment.channel) };
    text = enrollment.withdrawn ? t('gp.enroll.withdrawn', values) : t('gp.enroll.enrolled', values);
  } else if (eligibility === 'now') {
    return (
      <div data-testid={`gp-standing-${fiscalCode}`}>
        <span className="small d-block mb-1">{t('gp.enroll.eligibleNow')}</span>
        <GpEnrollButton campaign={campaign} fiscalCode={fiscalCode} name={name} />
      </div>
    );
  } else if (eligibility === 'later' && eligibleFrom !== null) {
    text = t('gp.enroll.eligibleFrom', { date: format.dateTime(eligibleFrom) });
  } else {
    text = t('gp.enroll.notCovered');
  }
  return (
    <div data-testid={`gp-standing-${fiscalCode}`} className="small">
      {text}
    </div>
  );
}
