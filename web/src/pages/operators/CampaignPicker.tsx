import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../api/campaigns.ts';
import { campaignName } from '../campaigns/campaignName.ts';

interface Props {
  id: string;
  campaigns: Campaign[];
  value: string;
  onChange: (code: string) => void;
}

/** The open campaign an operator enrolls people in; a plain sentence when there is only one. */
export function CampaignPicker({ id, campaigns, value, onChange }: Props) {
  const { t } = useTranslation();
  if (campaigns.length === 1) {
    return (
      <p data-testid="campaign-name">
        {t('operatorEnroll.campaignOnly', {
          campaign: campaigns[0] === undefined ? '' : campaignName(t, campaigns[0]),
        })}
      </p>
    );
  }
  return (
    <div className="salus-field mb-3">
      <label htmlFor={id} className="form-label">
        {t('operatorEnroll.campaign')}
      </label>
      <select
        id={id}
        className="form-select"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {campaigns.map((c) => (
          <option key={c.code} value={c.code}>
            {campaignName(t, c)}
          </option>
        ))}
      </select>
    </div>
  );
}
