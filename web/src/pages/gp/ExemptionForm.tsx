import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { issueExemption } from '../../api/records.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { FormField } from './FormField.tsx';
import { useGpForm } from './useGpForm.ts';

const ids = { code: 'ex-code', display: 'ex-display', from: 'ex-from', to: 'ex-to' } as const;
const order = [ids.code, ids.display, ids.from, ids.to] as const;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A GP issues an exemption: a certificate published in the patient's record (class ESE). */
export function ExemptionForm({ fiscalCode, onCreated }: { fiscalCode: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const normalized = code.trim().toUpperCase();
  const errors: Record<string, string | null> = {
    [ids.code]: /^[A-Z0-9]{2,6}$/.test(normalized) ? null : t('gp.ex.errors.code'),
    [ids.display]: display.trim().length < 2 ? t('gp.ex.errors.display') : null,
    [ids.from]: isoDate.test(from) ? null : t('gp.ex.errors.from'),
    [ids.to]: to === '' || (isoDate.test(to) && (!isoDate.test(from) || to >= from)) ? null : t('gp.ex.errors.to'),
  };
  const { submit, shown, busy, failure, done } = useGpForm({
    order,
    errors,
    send: (idempotencyKey) =>
      issueExemption(
        fiscalCode,
        {
          code: normalized,
          display: display.trim(),
          validFrom: from,
          idempotencyKey,
          ...(to === '' ? {} : { validTo: to }),
        },
        csrfToken,
      ),
    clear: () => {
      setCode('');
      setDisplay('');
      setFrom('');
      setTo('');
    },
    onCreated,
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="ex-form-heading" className="mb-5" data-testid="exemption-form">
      <h3 id="ex-form-heading" className="h4">
        {t('gp.ex.heading')}
      </h3>
      <div className="row g-3">
        <div className="col-12 col-md-4">
          <FormField
            id={ids.code}
            label={t('gp.ex.code')}
            hint={t('gp.ex.codeHint')}
            value={code}
            onChange={setCode}
            error={shown(ids.code)}
            inputProps={{ maxLength: 6, autoCapitalize: 'characters' }}
          />
        </div>
        <div className="col-12 col-md-8">
          <FormField
            id={ids.display}
            label={t('gp.ex.display')}
            hint={t('gp.ex.displayHint')}
            value={display}
            onChange={setDisplay}
            error={shown(ids.display)}
            inputProps={{ maxLength: 200 }}
          />
        </div>
        <div className="col-6">
          <FormField
            id={ids.from}
            type="date"
            label={t('gp.ex.from')}
            value={from}
            onChange={setFrom}
            error={shown(ids.from)}
          />
        </div>
        <div className="col-6">
          <FormField
            id={ids.to}
            type="date"
            label={t('gp.ex.to')}
            hint={t('gp.ex.toHint')}
            value={to}
            onChange={setTo}
            error={shown(ids.to)}
          />
        </div>
      </div>
      {failure !== null && (
        <Alert color="danger" fade={false} role="alert" className="mt-3">
          {failure}
        </Alert>
      )}
      {done !== null && (
        <p role="status" className="mt-3 fw-semibold" data-testid="exemption-created">
          {t('gp.ex.created', { code: done.code, display: done.display })}
        </p>
      )}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('gp.ex.submit')}
      </Button>
    </form>
  );
}
