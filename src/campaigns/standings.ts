import type { EnrollmentChannel } from './db-types.ts';
import type { CampaignRepository } from './repository.ts';

/** Where one person stands in one open campaign, as a GP's list shows it. */
export interface CampaignStanding {
  readonly campaign: string;
  readonly campaignName: string;
  /** Null: not enrolled. A withdrawn enrollment still holds the place (one per person and campaign). */
  readonly enrollment: {
    readonly channel: EnrollmentChannel;
    readonly enrolledAt: string;
    readonly withdrawn: boolean;
  } | null;
  /** `now`: may enroll today; `later`: their cohort opens at `eligibleFrom`; `none`: in no cohort. */
  readonly eligibility: 'now' | 'later' | 'none';
  readonly eligibleFrom: string | null;
}

/**
 * Enrollment and eligibility of many people in every open campaign, in one query: the GP's
 * list shows it per row and offers "Iscrivi" only where enrolling can succeed.
 */
export function campaignStandings(repo: CampaignRepository, now: () => Date) {
  return async (people: readonly { id: number; birthYear: number }[]): Promise<Map<number, CampaignStanding[]>> => {
    const at = now();
    const byPerson = new Map<number, CampaignStanding[]>(people.map((p) => [p.id, []]));
    for (const r of await repo.standings(people, at)) {
      const opens = r.cohortOpensAt;
      byPerson.get(r.citizenId)?.push({
        campaign: r.code,
        campaignName: r.name,
        enrollment:
          r.channel === null || r.enrolledAt === null
            ? null
            : { channel: r.channel, enrolledAt: r.enrolledAt.toISOString(), withdrawn: r.withdrawnAt !== null },
        eligibility: opens === null ? 'none' : opens.getTime() <= at.getTime() ? 'now' : 'later',
        eligibleFrom: opens === null ? null : opens.toISOString(),
      });
    }
    return byPerson;
  };
}

export type CampaignStandings = ReturnType<typeof campaignStandings>;
