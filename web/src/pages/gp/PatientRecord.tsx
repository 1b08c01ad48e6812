import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from 'design-react-kit';
import { gpPatient, patientRecord, type GpPatient } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { DocumentsSection } from '../fascicolo/DocumentsSection.tsx';
import { ExemptionsSection } from '../fascicolo/ExemptionsSection.tsx';
import { LabResultsSection } from '../fascicolo/LabResultsSection.tsx';
import { PrescriptionsSection } from '../fascicolo/PrescriptionsSection.tsx';
import { VaccinationsSection } from '../fascicolo/VaccinationsSection.tsx';
import { Loading } from '../Loading.tsx';
import { ExemptionForm } from './ExemptionForm.tsx';
import { PrescriptionForm } from './PrescriptionForm.tsx';
import { RecoveryForm } from './RecoveryForm.tsx';

/**
 * The patient's FSE as their GP may see it: nothing without the consultation
 * consent, and never a document the patient has hidden (the API leaves those out,
 * counts included). Writing a prescription or an exemption, or recording a
 * recovery (which issues its Green Pass), needs no consent.
 */
export function PatientRecord({ fiscalCode }: { fiscalCode: string }) {
  const patient = useApi(`/api/records/gp/patients/${encodeURIComponent(fiscalCode)}`, gpPatient);
  if (patient.status === 'loading') return <Loading />;
  if (patient.status === 'error') return <ApiProblem error={patient.error} onRetry={patient.reload} />;
  return <RecordSections patient={patient.data} />;
}

function RecordSections({ patient }: { patient: GpPatient }) {
  const { t } = useTranslation();
  // Bumped after a prescription or an exemption is written: the lists read again.
  const [version, setVersion] = useState(0);
  const written = () => {
    setVersion((n) => n + 1);
  };
  const name = `${patient.givenName} ${patient.familyName}`;
  const base = patientRecord(patient.fiscalCode);
  return (
    <>
      {patient.consent ? (
        <div key={version}>
          <DocumentsSection base={base} canHide={false} heading={t('gp.record.documents', { name })} />
          <PrescriptionsSection base={base} />
          <ExemptionsSection base={base} />
          <LabResultsSection base={base} />
          <VaccinationsSection base={base} />
        </div>
      ) : (
        <Alert color="warning" fade={false} className="my-4" data-testid="no-consent">
          <p className="fw-semibold mb-1">{t('gp.record.noConsentTitle')}</p>
          <p className="mb-0">{t('gp.record.noConsentText', { name })}</p>
        </Alert>
      )}
      <section aria-labelledby="gp-write-heading" className="mb-5">
        <h2 id="gp-write-heading">{t('gp.record.write')}</h2>
        <PrescriptionForm fiscalCode={patient.fiscalCode} onCreated={written} />
        <ExemptionForm fiscalCode={patient.fiscalCode} onCreated={written} />
        <RecoveryForm fiscalCode={patient.fiscalCode} name={name} onCreated={written} />
      </section>
    </>
  );
}
