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
    default:
      return resourceType;
  }
}

export function purposeLabel(t: TFunction, purpose: string): string {
  // Enrollment purposes carry their channel: "enrollment:pharmacy".
  if (purpose.startsWith('enrollment')) return t('accessLog.purposes.enrollment');
  switch (purpose) {
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
