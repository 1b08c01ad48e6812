import type { Kysely } from 'kysely';
import type { CampaignsDb } from './db-types.ts';
import { conflict } from '../shared/errors.ts';
import type { CampaignRepository } from './repository.ts';

// People one mobile number may enroll in a campaign: a household (a son with both parents,
// a carer) fits, and a number can no longer receive codes for anyone (SMS pumping). CoWIN's figure.
export const MAX_PEOPLE_PER_PHONE = 4;

/**
 * Refuses, before any SMS is queued, a submit that would put a 5th person on one number.
 * Runs in the submit's transaction: the repository locks (campaign, phone) first, so two
 * submits at once for the 4th and 5th person cannot both see room.
 */
export async function ensureRoomOnPhone(
  repo: CampaignRepository,
  trx: Kysely<CampaignsDb>,
  args: { campaignId: number; phone: string; citizenId: number; now: Date },
): Promise<void> {
  const others = await repo.othersOnPhone(trx, args.campaignId, args.phone, args.citizenId, args.now);
  if (others >= MAX_PEOPLE_PER_PHONE) {
    throw conflict(
      'campaign.phone_limit',
      `This mobile number is already used for ${MAX_PEOPLE_PER_PHONE} people in this campaign, ` +
        'the most one number may serve. ' +
        'Use another mobile number, or enroll this person at a pharmacy or through their GP.',
    );
  }
}
