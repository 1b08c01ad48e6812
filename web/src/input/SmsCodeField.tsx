import { useTranslation } from 'react-i18next';
import { CheckedField } from './CheckedField.tsx';
import { fieldMessage, type FieldCheck } from './check.ts';

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  check: FieldCheck;
  /** Whether the form was sent: an empty field is only an error then. */
  submitted: boolean;
}

/** The field for the code the enrollment SMS carries (the code step and the resume page). */
export function SmsCodeField({ id, value, onChange, check, submitted }: Props) {
  const { t } = useTranslation();
  return (
    <CheckedField
      id={id}
      label={t('enroll.code.label')}
      hint={t('enroll.code.hint')}
      value={value}
      onChange={onChange}
      check={check}
      error={fieldMessage(check, submitted, {
        empty: t('enroll.code.empty'),
        incomplete: t('enroll.code.short'),
        invalid: t('enroll.code.invalid'),
      })}
      okText={t('enroll.data.looksRight')}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={8}
    />
  );
}
