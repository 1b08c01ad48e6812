import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { getJson, toApiError, withQuery, type ApiError } from '../../api/client.ts';
import { dispense, prescription as prescriptionDecoder, type Prescription } from '../../api/records.ts';
import { useFormat } from '../../format.ts';
import { checkFiscalCode, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkNre, normalizeNre } from '../../input/nre.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { prescriptionStatus } from '../fascicolo/labels.ts';
import { FiscalCodeField, NreField } from '../../input/IdentityFields.tsx';

const ids = { cf: 'dispense-fiscal-code', nre: 'dispense-nre' };

/**
 * The pharmacy counter: the citizen shows the codice fiscale and the prescription
 * number (NRE), both together as on the paper slip; the pharmacist finds the
 * prescription and records its dispensing (a MedicationDispense in the FSE).
 */
export function DispenseSection() {
  const { t } = useTranslation();
  const [cf, setCf] = useState('');
  const [nre, setNre] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<{ fiscalCode: string; prescription: Prescription } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const checks = { cf: checkFiscalCode(cf), nre: checkNre(nre) };

  const lookup = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    setFound(null);
    if (checks.cf !== 'ok' || checks.nre !== 'ok') {
      document.getElementById(checks.cf === 'ok' ? ids.nre : ids.cf)?.focus();
      return;
    }
    const fiscalCode = normalizeFiscalCode(cf);
    setBusy(true);
    getJson(
      withQuery('/api/records/prescriptions/lookup', { fiscalCode, nre: normalizeNre(nre) }),
      prescriptionDecoder,
    ).then(
      (prescription) => {
        setBusy(false);
        setFound({ fiscalCode, prescription });
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <section aria-labelledby="dispense-heading" className="mb-5">
      <h2 id="dispense-heading" className="h4">
        {t('pharmacy.dispense.heading')}
      </h2>
      <p>{t('pharmacy.dispense.intro')}</p>
      <form onSubmit={lookup} noValidate aria-labelledby="dispense-heading">
        <div className="row g-4">
          <div className="col-12 col-md-6">
            <FiscalCodeField
              id={ids.cf}
              label={t('pharmacy.dispense.fiscalCode')}
              value={cf}
              onChange={setCf}
              check={checks.cf}
              submitted={submitted}
              emptyText={t('pharmacy.fiscalCodeEmpty')}
            />
          </div>
          <div className="col-12 col-md-6">
            <NreField
              id={ids.nre}
              label={t('pharmacy.dispense.nre')}
              value={nre}
              onChange={setNre}
              check={checks.nre}
              submitted={submitted}
              emptyText={t('pharmacy.dispense.nreEmpty')}
            />
          </div>
        </div>
        <Button type="submit" color="primary" className="mt-3" disabled={busy}>
          {t('pharmacy.dispense.find')}
        </Button>
      </form>
      {failure !== null && <FailureAlert failure={failure} />}
      {found !== null && (
        <FoundPrescription key={found.prescription.id} fiscalCode={found.fiscalCode} initial={found.prescription} />
      )}
    </section>
  );
}

function FailureAlert({ failure }: { failure: ApiError }) {
  const { t } = useTranslation();
  const text = failure.unavailable
    ? t('errors.unavailable.text')
    : failure.status === 404
      ? t('pharmacy.dispense.notFound')
      : failure.status === 409
        ? t('pharmacy.dispense.already')
        : (failure.detail ?? failure.title);
  return (
    <Alert color="danger" fade={false} role="alert" className="mt-3" data-testid="dispense-problem">
      {text}
    </Alert>
  );
}

function FoundPrescription({ fiscalCode, initial }: { fiscalCode: string; initial: Prescription }) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [current, setCurrent] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const give = () => {
    setBusy(true);
    setFailure(null);
    dispense(fiscalCode, current.nre, csrfToken).then(
      (next) => {
        setBusy(false);
        if (next !== null) setCurrent(next);
        setDone(true);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };
  return (
    <div className="card card-bg mt-4" data-testid="found-prescription">
      <div className="card-body">
        <h3 className="h5 card-title">{current.medication.display}</h3>
        <dl className="row mb-0">
          <dt className="col-sm-4">{t('pharmacy.dispense.nre')}</dt>
          <dd className="col-sm-8">
            <code>{current.nre}</code>
          </dd>
          <dt className="col-sm-4">{t('fse.prescriptions.columns.dosage')}</dt>
          <dd className="col-sm-8">{current.dosage}</dd>
          <dt className="col-sm-4">{t('pharmacy.dispense.quantity')}</dt>
          <dd className="col-sm-8">
            {current.quantity === null ? '–' : t('fse.prescriptions.packs', { count: current.quantity })}
          </dd>
          <dt className="col-sm-4">{t('fse.prescriptions.columns.prescribed')}</dt>
          <dd className="col-sm-8">
            {format.dateTime(current.authoredOn)}
            {current.prescriber !== '' && ` · ${current.prescriber}`}
          </dd>
          <dt className="col-sm-4">{t('fse.prescriptions.columns.status')}</dt>
          <dd className="col-sm-8" data-testid="prescription-status">
            {prescriptionStatus(t, current.status)}
          </dd>
        </dl>
        {done && (
          <p role="status" className="fw-semibold mt-3 mb-0" data-testid="dispensed">
            {t('pharmacy.dispense.done')}
          </p>
        )}
        {current.status === 'active' && (
          <Button color="primary" className="mt-3" onClick={give} disabled={busy}>
            {t('pharmacy.dispense.submit')}
          </Button>
        )}
        {failure !== null && <FailureAlert failure={failure} />}
      </div>
    </div>
  );
}
