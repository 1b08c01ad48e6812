import type { HealthCardNumber, FiscalCode } from '../shared/identifiers.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import type { CitizenPrincipal, OperatorPrincipal } from '../shared/principal.ts';
import { smsName } from '../shared/sms-name.ts';
import { birthYearOf, confirmEnrollment, openCampaign, type Enrolled, type EnrollmentDeps } from './enrollment.ts';
import type { SmsLanguage } from './messages.ts';

/**
 * Enrollment where identity is already established: a citizen logged in with
 * SPID/CIE (confirmed at once; the phone is not waited for), or an operator
 * (pharmacist with the presented health card, GP for a patient on their list).
 * Both record the language of the citizen's SMS (issue 17): SPID the language of the pages
 * the citizen used, when sent; an operator the one the citizen asked for, Italian by default.
 */
export function directFlows(deps: EnrollmentDeps) {
  return {
    async bySpid(
      campaignCode: string,
      principal: CitizenPrincipal,
      requestId: string,
      lang: SmsLanguage | null = null,
    ): Promise<Enrolled> {
      const now = deps.now();
      const campaign = await openCampaign(deps.campaigns, campaignCode, now);
      const subjectId = principal.actingFor?.citizenId ?? principal.citizenId;
      const citizen = await deps.registry.citizenById(subjectId);
      if (citizen === undefined) throw notFound('registry.citizen_not_found', 'Your registry record was not found.');
      return deps.db.transaction().execute((trx) =>
        confirmEnrollment(deps, trx, {
          campaign,
          citizen: {
            id: citizen.id,
            birthYear: birthYearOf(citizen.birth_date),
            phone: citizen.mobile_phone,
            name: smsName(citizen.given_name, citizen.family_name),
            lang,
          },
          channel: 'citizen',
          verifiedBy: 'spid',
          operatorId: null,
          draftId: null,
          principal,
          requestId,
        }),
      );
    },

    async byOperator(
      campaignCode: string,
      operator: OperatorPrincipal,
      input: { fiscalCode: FiscalCode; healthCardNumber: HealthCardNumber | null; lang?: SmsLanguage | null },
      requestId: string,
    ): Promise<Enrolled> {
      const now = deps.now();
      const campaign = await openCampaign(deps.campaigns, campaignCode, now);
      const citizen = await deps.registry.citizenByFiscalCode(input.fiscalCode);
      if (operator.role === 'pharmacist') {
        // The pharmacist enrolls whoever presents the card: both numbers must match it.
        if (citizen?.health_card_number !== input.healthCardNumber) {
          throw notFound(
            'campaign.card_mismatch',
            'No citizen matches this codice fiscale and health card number. Check the card.',
          );
        }
      } else if (operator.role === 'gp') {
        if (citizen?.gp_id !== operator.operatorId)
          throw forbidden('campaign.not_your_patient', 'This person is not on your patient list.');
      } else {
        throw forbidden('auth.role', 'Only pharmacists and GPs enroll citizens on their behalf.');
      }
      return deps.db.transaction().execute((trx) =>
        confirmEnrollment(deps, trx, {
          campaign,
          citizen: {
            id: citizen.id,
            birthYear: birthYearOf(citizen.birth_date),
            phone: citizen.mobile_phone,
            name: smsName(citizen.given_name, citizen.family_name),
            lang: input.lang ?? 'it',
          },
          channel: operator.role === 'gp' ? 'gp' : 'pharmacist',
          verifiedBy: 'operator',
          operatorId: operator.operatorId,
          draftId: null,
          principal: operator,
          requestId,
        }),
      );
    },
  };
}
