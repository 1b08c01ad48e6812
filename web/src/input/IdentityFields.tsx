import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CheckedField } from './CheckedField.tsx';
import { fieldMessage, type FieldCheck } from './check.ts';
import { fiscalCodeLength, normalizeFiscalCode } from './fiscalCode.ts';
import { healthCardLength, normalizeHealthCard } from './healthCard.ts';
import { normalizeNre, nreLength } from './nre.ts';

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

/** What differs between the identity codes: their messages, their length, their keyboard. */
interface CodeSpec {
  hintKey: ParseKeys;
  shortKey: ParseKeys;
  invalidKey: ParseKeys;
  normalize: (value: string) => string;
  /** Room for the spaces people type between the groups. */
  maxLength: number;
  inputMode: 'text' | 'numeric';
  autoCapitalize?: 'characters';
}

const fiscalCode: CodeSpec = {
  hintKey: 'enroll.data.fiscalCodeHint',
  shortKey: 'enroll.data.fiscalCodeShort',
  invalidKey: 'enroll.data.fiscalCodeInvalid',
  normalize: normalizeFiscalCode,
  maxLength: fiscalCodeLength + 4,
  inputMode: 'text',
  autoCapitalize: 'characters',
};
const healthCard: CodeSpec = {
  hintKey: 'enroll.data.cardHint',
  shortKey: 'enroll.data.cardShort',
  invalidKey: 'enroll.data.cardInvalid',
  normalize: normalizeHealthCard,
  maxLength: healthCardLength + 6,
  inputMode: 'numeric',
};
const nre: CodeSpec = {
  hintKey: 'pharmacy.dispense.nreHint',
  shortKey: 'pharmacy.dispense.nreShort',
  invalidKey: 'pharmacy.dispense.nreInvalid',
  normalize: normalizeNre,
  maxLength: nreLength + 4,
  inputMode: 'text',
  autoCapitalize: 'characters',
};

/** A code field checked as typed, with the same messages in every form that asks for it. */
function CodeField({
  spec,
  id,
  label,
  value,
  onChange,
  check,
  submitted,
  emptyText,
  hint,
}: Props & { spec: CodeSpec }) {
  const { t } = useTranslation();
  return (
    <CheckedField
      id={id}
      label={label}
      hint={hint ?? t(spec.hintKey)}
      value={value}
      onChange={onChange}
      check={check}
      error={fieldMessage(check, submitted, {
        empty: emptyText,
        incomplete: t(spec.shortKey, { count: spec.normalize(value).length }),
        invalid: t(spec.invalidKey),
      })}
      okText={t('enroll.data.looksRight')}
      inputMode={spec.inputMode}
      maxLength={spec.maxLength}
      {...(spec.autoCapitalize === undefined ? {} : { autoCapitalize: spec.autoCapitalize })}
    />
  );
}

/** The codice fiscale field every form uses. */
export function FiscalCodeField(props: Props) {
  return <CodeField spec={fiscalCode} {...props} />;
}

/** The health card (tessera sanitaria) number field. */
export function HealthCardField(props: Props) {
  return <CodeField spec={healthCard} {...props} />;
}

/** The prescription number (NRE) field of the pharmacy counter. */
export function NreField(props: Props) {
  return <CodeField spec={nre} {...props} />;
}
