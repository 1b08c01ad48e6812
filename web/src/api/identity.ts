// Response shapes of the identity and people endpoints (login session,
// delegations, access log, GP patient list, a citizen's registry data).
import { array, boolean, nullable, number, object, oneOf, string, type Decoded } from './decode.ts';
import { roles } from './types.ts';

/** Every role /api/me can report: a delegate is a citizen acting for someone else. */
export const sessionRoles = [...roles, 'delegate', 'facility'] as const;
export type SessionRole = (typeof sessionRoles)[number];

const person = object({ fiscalCode: string, name: string });
export type Person = Decoded<typeof person>;

export const me = object({
  authenticated: boolean,
  csrfToken: nullable(string),
  kind: nullable(oneOf('citizen', 'operator', 'facility')),
  role: nullable(oneOf(...sessionRoles)),
  name: nullable(string),
  fiscalCode: nullable(string),
  actingFor: nullable(person),
  canActFor: array(person),
});
export type Me = Decoded<typeof me>;

export const delegation = object({ id: number, fiscalCode: string, name: string, since: string });
export type Delegation = Decoded<typeof delegation>;

export const delegations = object({ delegates: array(delegation), representing: array(delegation) });
export type Delegations = Decoded<typeof delegations>;

export const accessLog = object({
  total: number,
  items: array(
    object({
      at: string,
      who: string,
      role: string,
      onBehalfOf: nullable(string),
      action: string,
      resourceType: string,
      purpose: string,
      outcome: string,
    }),
  ),
});
export type AccessLog = Decoded<typeof accessLog>;
export type AccessLogItem = AccessLog['items'][number];

/** Where a patient stands in one open campaign: "Iscrivi" can succeed only for `now` and not enrolled. */
const campaignStanding = object({
  campaign: string,
  campaignName: string,
  enrollment: nullable(
    object({ channel: oneOf('citizen', 'pharmacist', 'gp'), enrolledAt: string, withdrawn: boolean }),
  ),
  eligibility: oneOf('now', 'later', 'none'),
  eligibleFrom: nullable(string),
});
export type CampaignStanding = Decoded<typeof campaignStanding>;

export const patientPage = object({
  total: number,
  items: array(
    object({
      fiscalCode: string,
      givenName: string,
      familyName: string,
      birthDate: string,
      campaigns: array(campaignStanding),
    }),
  ),
});
export type PatientPage = Decoded<typeof patientPage>;

export const citizenProfile = object({
  fiscalCode: string,
  healthCardNumber: string,
  givenName: string,
  familyName: string,
  sex: string,
  birthDate: string,
  birthPlaceCode: string,
  residenceIstat: string,
  mobilePhone: nullable(string),
  email: nullable(string),
});
export type CitizenProfile = Decoded<typeof citizenProfile>;

export const logoutAnswer = object({ redirectTo: string });
