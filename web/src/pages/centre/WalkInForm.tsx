import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { productList, vaccination } from '../../api/scheduling.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkHealthCard, normalizeHealthCard } from '../../input/healthCard.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { schedulingProblem } from '../../problems/schedulingProblem.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { lotPattern } from './lot.ts';
import { FiscalCodeField, HealthCardField } from '../../input/IdentityFields.tsx';

const ids = {
  cf: 'walkin-fiscal-code',
  card: 'walkin-card',
  product: 'walkin-product',
  dose: 'walkin-dose',
  lot: 'walkin-lot',
};

/** A citizen brought in without an appointment: the dose is recorded like any other, as a walk-in. */
export function WalkInForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const products = useApi('/api/scheduling/products', productList);
  const [cf, setCf] = useState('');
  const [card, setCard] = useState('');
  const [product, setProduct] = useState('');
  const [dose, setDose] = useState('1');
  const [lot, setLot] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null = failure === null ? null : schedulingProblem(t, format, failure);
  const [done, setDone] = useState('');
  const checks = { cf: checkFiscalCode(cf), card: checkHealthCard(card) };
  const chosen = product || (products.status === 'ok' ? (products.data[0]?.code ?? '') : '');
  const lotValid = lotPattern.test(lot.trim());

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    setDone('');
    const wrong = checks.cf !== 'ok' ? ids.cf : checks.card !== 'ok' ? ids.card : !lotValid ? ids.lot : null;
    if (wrong !== null) {
      document.getElementById(wrong)?.focus();
      return;
    }
    setBusy(true);
    const fiscalCode = normalizeFiscalCode(cf);
    const body = {
      fiscalCode,
      healthCardNumber: normalizeHealthCard(card),
      product: chosen,
      lot: lot.trim(),
      doseNumber: Number(dose),
    };
    send('POST', '/api/centre/walk-ins', { csrfToken, body, decoder: vaccination }).then(
      () => {
        setBusy(false);
        setSubmitted(false);
        setCf('');
        setCard('');
        setDone(t('centre.walkIn.done', { fiscalCode, product: chosen, lot: body.lot }));
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="walkin-heading" className="mt-5">
      <h2 id="walkin-heading" className="h4">
        {t('centre.walkIn.heading')}
      </h2>
      <p>{t('centre.walkIn.intro')}</p>
      <div className="row g-4">
        <div className="col-12 col-md-6">
          <FiscalCodeField
            id={ids.cf}
            label={t('enroll.data.fiscalCode')}
            value={cf}
            onChange={setCf}
            check={checks.cf}
            submitted={submitted}
            emptyText={t('pharmacy.fiscalCodeEmpty')}
          />
        </div>
        <div className="col-12 col-md-6">
          <HealthCardField
            id={ids.card}
            label={t('enroll.data.card')}
            value={card}
            onChange={setCard}
            check={checks.card}
            submitted={submitted}
            emptyText={t('pharmacy.cardEmpty')}
          />
        </div>
        <div className="col-12 col-md-4">
          <div className="salus-field">
            <label htmlFor={ids.product} className="form-label">
              {t('centre.walkIn.product')}
            </label>
            <select
              id={ids.product}
              className="form-select"
              value={chosen}
              onChange={(e) => {
                setProduct(e.target.value);
              }}
            >
              {products.status === 'ok' &&
                products.data.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                  </option>
                ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-md-4">
          <div className="salus-field">
            <label htmlFor={ids.dose} className="form-label">
              {t('centre.walkIn.dose')}
            </label>
            <select
              id={ids.dose}
              className="form-select"
              value={dose}
              onChange={(e) => {
                setDose(e.target.value);
              }}
            >
              {[1, 2, 3].map((n) => (
                <option key={n} value={String(n)}>
                  {t('centre.walkIn.doseN', { n })}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-12 col-md-4">
          <div className="salus-field">
            <label htmlFor={ids.lot} className="form-label">
              {t('centre.lot.label')}
            </label>
            <input
              id={ids.lot}
              className={`form-control${submitted && !lotValid ? ' is-invalid' : ''}`}
              value={lot}
              maxLength={40}
              autoComplete="off"
              aria-invalid={submitted && !lotValid}
              aria-describedby={`${ids.lot}-feedback`}
              onChange={(e) => {
                setLot(e.target.value);
              }}
            />
            <div id={`${ids.lot}-feedback`} aria-live="polite" className="salus-feedback-invalid">
              {submitted && !lotValid ? t('centre.lot.invalid') : ''}
            </div>
          </div>
        </div>
      </div>
      {problem !== null && <ProblemAlert problem={problem} testId="walkin-problem" />}
      <p role="status" className="fw-semibold mt-3" data-testid="walkin-status">
        {done}
      </p>
      <Button type="submit" color="primary" disabled={busy || products.status !== 'ok'}>
        {t('centre.walkIn.submit')}
      </Button>
    </form>
  );
}
