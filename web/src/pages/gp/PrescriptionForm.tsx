import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { prescribe } from '../../api/records.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { FormField } from './FormField.tsx';
import { useGpForm } from './useGpForm.ts';

const ids = {
  name: 'rx-medication',
  code: 'rx-aic',
  dosage: 'rx-dosage',
  quantity: 'rx-quantity',
  note: 'rx-note',
} as const;
const order = [ids.name, ids.code, ids.dosage, ids.quantity, ids.note] as const;

/** A GP writes an e-prescription; Salus assigns the NRE the pharmacist will ask for. */
export function PrescriptionForm({ fiscalCode, onCreated }: { fiscalCode: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [dosage, setDosage] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [note, setNote] = useState('');
  const packs = Number(quantity);
  const errors: Record<string, string | null> = {
    [ids.name]: name.trim().length < 2 ? t('gp.rx.errors.medication') : null,
    [ids.code]: /^\d{9}$/.test(code.trim()) ? null : t('gp.rx.errors.aic'),
    [ids.dosage]: dosage.trim().length < 2 ? t('gp.rx.errors.dosage') : null,
    [ids.quantity]: Number.isInteger(packs) && packs >= 1 && packs <= 6 ? null : t('gp.rx.errors.quantity'),
    [ids.note]: note.length > 1000 ? t('gp.rx.errors.note') : null,
  };
  const { submit, shown, busy, failure, done } = useGpForm({
    order,
    errors,
    send: (idempotencyKey) =>
      prescribe(
        fiscalCode,
        {
          medication: { code: code.trim(), display: name.trim() },
          dosage: dosage.trim(),
          quantity: packs,
          idempotencyKey,
          ...(note.trim() === '' ? {} : { note: note.trim() }),
        },
        csrfToken,
      ),
    clear: () => {
      setName('');
      setCode('');
      setDosage('');
      setQuantity('1');
      setNote('');
    },
    onCreated,
  });

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="rx-form-heading"
      className="mb-5"
      data-testid="prescription-form"
    >
      <h3 id="rx-form-heading" className="h4">
        {t('gp.rx.heading')}
      </h3>
      <div className="row g-3">
        <div className="col-12 col-md-8">
          <FormField
            id={ids.name}
            label={t('gp.rx.medication')}
            hint={t('gp.rx.medicationHint')}
            value={name}
            onChange={setName}
            error={shown(ids.name)}
            inputProps={{ maxLength: 200 }}
          />
        </div>
        <div className="col-12 col-md-4">
          <FormField
            id={ids.code}
            label={t('gp.rx.aic')}
            hint={t('gp.rx.aicHint')}
            value={code}
            onChange={setCode}
            error={shown(ids.code)}
            inputProps={{ inputMode: 'numeric', maxLength: 9 }}
          />
        </div>
        <div className="col-12 col-md-8">
          <FormField
            id={ids.dosage}
            label={t('gp.rx.dosage')}
            hint={t('gp.rx.dosageHint')}
            value={dosage}
            onChange={setDosage}
            error={shown(ids.dosage)}
            inputProps={{ maxLength: 500 }}
          />
        </div>
        <div className="col-12 col-md-4">
          <FormField
            id={ids.quantity}
            type="number"
            label={t('gp.rx.quantity')}
            hint={t('gp.rx.quantityHint')}
            value={quantity}
            onChange={setQuantity}
            error={shown(ids.quantity)}
            inputProps={{ min: 1, max: 6 }}
          />
        </div>
        <div className="col-12">
          <FormField
            id={ids.note}
            label={t('gp.rx.note')}
            value={note}
            onChange={setNote}
            error={shown(ids.note)}
            inputProps={{ maxLength: 1000 }}
          />
        </div>
      </div>
      {failure !== null && (
        <Alert color="danger" fade={false} role="alert" className="mt-3">
          {failure}
        </Alert>
      )}
      {done !== null && (
        <p role="status" className="mt-3 fw-semibold" data-testid="prescription-created">
          {t('gp.rx.created', { medication: done.medication.display, nre: done.nre })}
        </p>
      )}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('gp.rx.submit')}
      </Button>
    </form>
  );
}
