import { conflict, notFound, validationError } from '../shared/errors.ts';
import type { EnrollmentChannel } from './db-types.ts';
import type { CampaignRepository, CampaignRow } from './repository.ts';

export interface NewCampaign {
  readonly code: string;
  readonly name: string;
  readonly nameEn?: string | null;
  readonly products: string[];
  readonly opensAt: Date;
  readonly closesAt: Date | null;
  readonly plannedWeeklyCapacity: number;
}

export interface NewCohort {
  readonly label: string;
  readonly bornFromYear: number | null;
  readonly bornToYear: number;
  readonly opensAt: Date;
}

/**
 * Region operators open campaigns and add cohorts over time (80+, then 75-79, then 70-74…). `changed` is
 * told after each write (the enrollment path's campaign cache forgets what it holds).
 */
export function campaignAdmin(repo: CampaignRepository, changed: () => void = () => undefined) {
  return {
    list: () => repo.list(),

    async get(code: string): Promise<CampaignRow> {
      const campaign = await repo.byCode(code);
      if (campaign === null) throw notFound('campaign.not_found', `There is no campaign "${code}".`);
      return campaign;
    },

    async create(input: NewCampaign, operatorId: number | null): Promise<CampaignRow> {
      if (input.closesAt !== null && input.closesAt <= input.opensAt) {
        throw validationError('campaign.dates', 'The closing time must come after the opening time.', [
          { field: '/closesAt', message: 'must be after opensAt' },
        ]);
      }
      const created = await repo.insertCampaign({ ...input, createdBy: operatorId });
      changed();
      if (!created) throw conflict('campaign.exists', `A campaign with code "${input.code}" already exists.`);
      return this.get(input.code);
    },

    async addCohort(code: string, cohort: NewCohort): Promise<CampaignRow> {
      const campaign = await this.get(code);
      if (cohort.bornFromYear !== null && cohort.bornFromYear > cohort.bornToYear) {
        throw validationError('campaign.cohort_years', 'The first birth year must not come after the last.', [
          { field: '/bornFromYear', message: 'must be ≤ bornToYear' },
        ]);
      }
      const overlaps = campaign.cohorts.some(
        (c) =>
          cohort.bornToYear >= (c.bornFromYear ?? Number.MIN_SAFE_INTEGER) &&
          (cohort.bornFromYear ?? Number.MIN_SAFE_INTEGER) <= c.bornToYear,
      );
      if (overlaps)
        throw conflict('campaign.cohort_overlap', 'These birth years overlap a cohort the campaign already has.');
      await repo.insertCohort(campaign.id, cohort);
      changed();
      return this.get(code);
    },

    /** Live figures: by channel, by birth year, and per minute over the last hour. */
    async figures(code: string) {
      const campaign = await this.get(code);
      const byChannel = Object.fromEntries(
        (['citizen', 'pharmacist', 'gp'] as EnrollmentChannel[]).map((c) => [c, 0]),
      ) as Record<EnrollmentChannel, number>;
      for (const row of await repo.countsByChannel(campaign.id)) byChannel[row.channel] = row.n;
      const perMinute = await repo.perMinute(campaign.id, 60);
      return {
        campaign: campaign.code,
        total: Object.values(byChannel).reduce((a, b) => a + b, 0),
        byChannel,
        byBirthYear: (await repo.countsByBirthYear(campaign.id)).map((r) => ({ year: r.year, count: r.n })),
        perMinute: perMinute.map((r) => ({ minute: r.minute.toISOString(), channel: r.channel, count: r.n })),
      };
    },
  };
}

export type CampaignAdmin = ReturnType<typeof campaignAdmin>;
