import { useTranslation } from 'react-i18next';

export type SmsLanguage = 'it' | 'en';

interface Props {
  id: string;
  value: SmsLanguage;
  onChange: (lang: SmsLanguage) => void;
}

/** The language the citizen at the counter wants their SMS in (confirmation, appointments). */
export function SmsLanguagePicker({ id, value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <div className="salus-field mt-3">
      <label htmlFor={id} className="form-label">
        {t('operatorEnroll.smsLanguage')}
      </label>
      <select
        id={id}
        className="form-select"
        value={value}
        onChange={(event) => {
          onChange(event.target.value === 'en' ? 'en' : 'it');
        }}
      >
        <option value="it">{t('operatorEnroll.smsLanguages.it')}</option>
        <option value="en">{t('operatorEnroll.smsLanguages.en')}</option>
      </select>
    </div>
  );
}
