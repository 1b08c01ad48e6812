// Response shapes of the campaigns endpoints (src/campaigns/schemas.ts).
import { array, boolean, nullable, number, object, oneOf, string, type Decoded } from './decode.ts';

export const cohort = object({
  id: number,
  label: string,
  bornFromYear: nullable(number),
  bornToYear: number,
  opensAt: string,
  open: boolean,
});
export type Cohort = Decoded<typeof cohort>;

export const campaign = object({
  code: string,
  name: string,
  products: array(string),
  opensAt: string,
  closesAt: nullable(string),
  plannedWeeklyCapacity: number,
  open: boolean,
  cohorts: array(cohort),
});
export type Campaign = Decoded<typeof campaign>;

export const campaignList = array(campaign);

/** The same answer whether or not the data match a citizen: it never reveals who exists. */
export const submitted = object({ status: oneOf('submitted'), message: string });

export const channels = ['citizen', 'pharmacist', 'gp'] as const;
export type Channel = (typeof channels)[number];

export const enrolled = object({
  campaign: string,
  cohort: string,
  channel: oneOf(...channels),
  enrolledAt: string,
  /** Weeks counted from the enrollment in which vaccination is expected. */
  estimatedWeeks: object({ fromWeek: number, toWeek: number }),
  notice: string,
});
export type Enrolled = Decoded<typeof enrolled>;

/** The demo campaign (over 80) that links and the resume page fall back to. */
export const demoCampaign = 'covid-over80';
