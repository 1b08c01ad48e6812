import { useTranslation } from 'react-i18next';
import { CheckedField } from './CheckedField.tsx';
import { fieldMessage, type FieldCheck } from './check.ts';
import { fiscalCodeLength, normalizeFiscalCode } from './fiscalCode.ts';
import { healthCardLength, normalizeHealthCard } from './healthCard.ts';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  check: FieldCheck;
  /** Whether the form was sent: an empty field is only an error then. */
  submitted: boolean;
  /** What to say when the field is left empty (says who the code belongs to). */
  emptyText: string;
  /** What to type; the usual hint when absent. */
  hint?: string;
}

/** The codice fiscale field every form uses: checked as typed, the same messages everywhere. */
export function FiscalCodeField({ id, label, value, onChange, check, submitted, emptyText, hint }: Props) {
  const { t } = useTranslation();
  return (
    <CheckedField
      id={id}
      label={label}
      hint={hint ?? t('enroll.data.fiscalCodeHint')}
      value={value}
      onChange={onChange}
      check={check}
      error={fieldMessage(check, submitted, {
        empty: emptyText,
        incomplete: t('enroll.data.fiscalCodeShort', { count: normalizeFiscalCode(value).length }),
        invalid: t('enroll.data.fiscalCodeInvalid'),
      })}
      okText={t('enroll.data.looksRight')}
      inputMode="text"
      maxLength={fiscalCodeLength + 4}
      autoCapitalize="characters"
    />
  );
}

/** The health card (tessera sanitaria) number field, likewise. */
export function HealthCardField({ id, label, value, onChange, check, submitted, emptyText, hint }: Props) {
  const { t } = useTranslation();
  return (
    <CheckedField
      id={id}
      label={label}
      hint={hint ?? t('enroll.data.cardHint')}
      value={value}
      onChange={onChange}
      check={check}
      error={fieldMessage(check, submitted, {
        empty: emptyText,
        incomplete: t('enroll.data.cardShort', { count: normalizeHealthCard(value).length }),
        invalid: t('enroll.data.cardInvalid'),
      })}
      okText={t('enroll.data.looksRight')}
      inputMode="numeric"
      maxLength={healthCardLength + 6}
    />
  );
}
