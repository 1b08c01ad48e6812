// Words for the access log's codes. The log stores plain strings and later
// modules add their own, so anything unknown is shown as it is rather than
// hidden. Each case names its key literally for the i18n completeness test.
import type { TFunction } from 'i18next';

export function actionLabel(t: TFunction, action: string): string {
  switch (action) {
    case 'read':
      return t('accessLog.actions.read');
    case 'create':
      return t('accessLog.actions.create');
    case 'update':
      return t('accessLog.actions.update');
    case 'delete':
      return t('accessLog.actions.delete');
    case 'login':
      return t('accessLog.actions.login');
    case 'logout':
      return t('accessLog.actions.logout');
    case 'search':
      return t('accessLog.actions.search');
    default:
      return action;
  }
}

export function resourceLabel(t: TFunction, resourceType: string): string {
  switch (resourceType) {
    case 'CitizenProfile':
      return t('accessLog.resources.CitizenProfile');
    case 'Delegation':
      return t('accessLog.resources.Delegation');
    case 'Enrollment':
      return t('accessLog.resources.Enrollment');
    case 'PatientList':
      return t('accessLog.resources.PatientList');
    case 'Session':
      return t('accessLog.resources.Session');
    case 'DocumentReference':
      return t('accessLog.resources.DocumentReference');
    case 'Binary':
      return t('accessLog.resources.Binary');
    case 'List':
      return t('accessLog.resources.List');
    case 'MedicationRequest':
      return t('accessLog.resources.MedicationRequest');
    case 'MedicationDispense':
      return t('accessLog.resources.MedicationDispense');
    case 'Immunization':
      return t('accessLog.resources.Immunization');
    case 'Observation':
      return t('accessLog.resources.Observation');
    case 'DiagnosticReport':
      return t('accessLog.resources.DiagnosticReport');
    case 'Condition':
      return t('accessLog.resources.Condition');
    case 'AllergyIntolerance':
      return t('accessLog.resources.AllergyIntolerance');
    case 'MedicationStatement':
      return t('accessLog.resources.MedicationStatement');
    case 'Consent':
      return t('accessLog.resources.Consent');
    case 'Patient':
      return t('accessLog.resources.Patient');
    case 'CentreDayList':
      return t('accessLog.resources.CentreDayList');
    default:
      return resourceType;
  }
}

export function purposeLabel(t: TFunction, purpose: string): string {
  // Enrollment purposes carry their channel: "enrollment:pharmacy".
  if (purpose.startsWith('enrollment')) return t('accessLog.purposes.enrollment');
  // Green Pass downloads carry the format: "green-pass:pdf", "green-pass:counter:qr".
  if (purpose.startsWith('green-pass:counter:')) return t('accessLog.purposes.greenPassCounter');
  if (purpose === 'green-pass:qr' || purpose === 'green-pass:pdf') return t('accessLog.purposes.greenPassDownload');
  switch (purpose) {
    case 'vaccination-certificate':
      return t('accessLog.purposes.vaccinationCertificate');
    case 'care':
      return t('accessLog.purposes.care');
    case 'own-data':
      return t('accessLog.purposes.ownData');
    case 'delegation':
      return t('accessLog.purposes.delegation');
    case 'login':
      return t('accessLog.purposes.login');
    case 'logout':
      return t('accessLog.purposes.logout');
    case 'self-access':
      return t('accessLog.purposes.selfAccess');
    case 'delegate-access':
      return t('accessLog.purposes.delegateAccess');
    case 'consultation':
      return t('accessLog.purposes.consultation');
    case 'dispensing':
      return t('accessLog.purposes.dispensing');
    case 'document-exchange':
      return t('accessLog.purposes.documentExchange');
    case 'publication':
      return t('accessLog.purposes.publication');
    case 'prescription':
      return t('accessLog.purposes.prescription');
    case 'result':
      return t('accessLog.purposes.result');
    case 'oscuramento':
      return t('accessLog.purposes.hide');
    case 'de-oscuramento':
      return t('accessLog.purposes.show');
    case 'consent:active':
      return t('accessLog.purposes.consentActive');
    case 'consent:inactive':
      return t('accessLog.purposes.consentInactive');
    case 'patient-list':
      return t('accessLog.purposes.patientList');
    case 'vaccination-day-list':
      return t('accessLog.purposes.vaccinationDayList');
    case 'vaccination':
    case 'vaccinator':
      return t('accessLog.purposes.vaccination');
    case 'vaccination:walk-in':
      return t('accessLog.purposes.walkIn');
    case 'check-in':
      return t('accessLog.purposes.checkIn');
    case 'no-show':
      return t('accessLog.purposes.noShow');
    case 'cancel':
      return t('accessLog.purposes.cancel');
    case 'move':
      return t('accessLog.purposes.move');
    case 'covid-test':
      return t('accessLog.purposes.covidTest');
    case 'green-pass':
      return t('accessLog.purposes.greenPassList');
    case 'green-pass:retrieval-code':
      return t('accessLog.purposes.greenPassRetrieval');
    case 'green-pass:recovery':
      return t('accessLog.purposes.greenPassRecovery');
    case 'green-pass:revocation':
      return t('accessLog.purposes.greenPassRevocation');
    case 'region':
      return t('accessLog.purposes.region');
    default:
      return purpose;
  }
}

export function outcomeLabel(t: TFunction, outcome: string): string {
  switch (outcome) {
    case 'success':
      return t('accessLog.outcomes.success');
    case 'denied':
      return t('accessLog.outcomes.denied');
    case 'failed':
      return t('accessLog.outcomes.failed');
    default:
      return outcome;
  }
}
