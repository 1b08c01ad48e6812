// Words for the FSE's codes. Each case names its key literally for the i18n completeness test.
import type { TFunction } from 'i18next';

/** FSE document classes (src/records/fhir/codes.ts), in the order the filter lists them. */
export const documentClasses = ['REF', 'LDO', 'VRB', 'PRS', 'ESE', 'VAC', 'CER', 'SUM'] as const;

export function classLabel(t: TFunction, code: string): string {
  switch (code) {
    case 'REF':
      return t('fse.classes.REF');
    case 'LDO':
      return t('fse.classes.LDO');
    case 'VRB':
      return t('fse.classes.VRB');
    case 'PRS':
      return t('fse.classes.PRS');
    case 'ESE':
      return t('fse.classes.ESE');
    case 'VAC':
      return t('fse.classes.VAC');
    case 'CER':
      return t('fse.classes.CER');
    case 'SUM':
      return t('fse.classes.SUM');
    default:
      return code;
  }
}

/** A prescription's state as the citizen, GP and pharmacist read it. */
export function prescriptionStatus(t: TFunction, status: string): string {
  switch (status) {
    case 'active':
      return t('fse.prescriptions.statuses.active');
    case 'completed':
      return t('fse.prescriptions.statuses.completed');
    case 'cancelled':
      return t('fse.prescriptions.statuses.cancelled');
    default:
      return status;
  }
}
