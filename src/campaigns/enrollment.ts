import type { Kysely } from 'kysely';
import type { CampaignsDb, EnrollmentChannel, EnrollmentsTable, EnrollmentVerification } from './db-types.ts';
import { withDbRetry } from '../db/retry.ts';
import type { RegistryCitizens } from '../registry/index.ts';
import { conflict, DomainError, notFound } from '../shared/errors.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink, Principal } from '../shared/principal.ts';
import type { DraftSecrets } from './codes.ts';
import { eligibilityFor, estimatedWeeks, type Cohort } from './eligibility.ts';
import { draftRepository } from './draft-repository.ts';
import { NO_HURRY, smsText, type SmsLanguage } from './messages.ts';
import type { CampaignCache, CampaignReader } from './campaign-cache.ts';
import type { CampaignRepository, CampaignRow } from './repository.ts';

export interface EnrollmentDeps {
  readonly db: Kysely<CampaignsDb>;
  readonly repo: CampaignRepository;
  /** Campaigns with their cohorts, read at most every few seconds (campaign-cache.ts). */
  readonly campaigns: CampaignCache;
  readonly registry: RegistryCitizens;
  readonly outbox: Outbox;
  readonly secrets: DraftSecrets;
  readonly audit: AuditSink;
  readonly publicUrl: string;
  /** How long a code stays valid: longer than the worst SMS delay seen (50 minutes in 2021). */
  readonly codeTtlMinutes: number;
  readonly now: () => Date;
  readonly onEnrolled?: (campaign: string, channel: EnrollmentChannel) => void;
}

export interface Enrolled {
  readonly campaign: string;
  readonly cohort: string;
  readonly channel: EnrollmentChannel;
  readonly enrolledAt: string;
  readonly estimatedWeeks: { readonly fromWeek: number; readonly toWeek: number };
  readonly notice: string;
}

/** The campaign, open at `now`, or a clear error saying when it opens or that it closed. */
export async function openCampaign(campaigns: CampaignReader, code: string, now: Date): Promise<CampaignRow> {
  // 2 s: with the rate-limit counters in memory (ADR 0021) this read is a submission's first database work, and a
  // submission without a database must be refused within 3 s (test/failover: FAIL_FAST_MS).
  const campaign = await withDbRetry(() => campaigns.byCode(code), { idempotent: true, budgetMs: 2_000 });
  if (campaign === null) throw notFound('campaign.not_found', `There is no campaign "${code}".`);
  if (campaign.opensAt > now)
    throw conflict(
      'campaign.not_open',
      `Enrollment opens on ${formatDate(campaign.opensAt)}. You do not need to do anything before then.`,
    );
  if (campaign.closesAt !== null && campaign.closesAt <= now)
    throw conflict('campaign.closed', `Enrollment closed on ${formatDate(campaign.closesAt)}.`);
  return campaign;
}

/** The cohort a citizen born in `birthYear` belongs to, if it is open now; else a clear answer. */
export function openCohortFor(campaign: CampaignRow, birthYear: number, now: Date): Cohort {
  const eligibility = eligibilityFor(birthYear, campaign.cohorts, now);
  if (eligibility.kind === 'open') return eligibility.cohort;
  if (eligibility.kind === 'not_yet_open') {
    throw conflict(
      'campaign.cohort_not_open',
      `You are in the "${eligibility.cohort.label}" group, which opens on ${formatDate(eligibility.cohort.opensAt)}. ` +
        'You do not need to enroll now.',
    );
  }
  // Not "not yet open": no group of this campaign covers the year (a 38-year-old in an over-80 campaign).
  throw conflict('campaign.not_eligible', `People born in ${birthYear} are not in any age group of this campaign.`);
}

/**
 * Confirms an enrollment inside `trx`. The unique key (campaign, citizen) decides
 * who wins concurrent submits from different channels; the loser is told when and
 * how the citizen already enrolled. The confirmation SMS is queued in the same transaction.
 */
export async function confirmEnrollment(
  deps: EnrollmentDeps,
  trx: Kysely<CampaignsDb>,
  args: {
    campaign: CampaignRow;
    /** `name` as the SMS says it (smsName); `phone` verified with the draft's code when draftId is set. */
    citizen: { id: number; birthYear: number; phone: string | null; name: string; lang?: SmsLanguage | null };
    channel: EnrollmentChannel;
    verifiedBy: EnrollmentVerification;
    operatorId: number | null;
    draftId: number | null;
    principal: Principal | null;
    requestId: string;
  },
): Promise<Enrolled> {
  const now = deps.now();
  const cohort = openCohortFor(args.campaign, args.citizen.birthYear, now);
  const inserted = await deps.repo.insertEnrollment(trx, {
    campaignId: args.campaign.id,
    citizenId: args.citizen.id,
    cohortId: cohort.id,
    channel: args.channel,
    verifiedBy: args.verifiedBy,
    operatorId: args.operatorId,
    draftId: args.draftId,
    mobilePhone: args.citizen.phone,
    // The phone verified with the code is this campaign's contact; other channels verified none.
    contactPhone: args.draftId === null ? null : args.citizen.phone,
    lang: args.citizen.lang ?? null,
  });
  if (inserted === null) {
    const existing = await deps.repo.existingEnrollment(trx, args.campaign.id, args.citizen.id);
    throw alreadyEnrolled(existing);
  }
  if (args.draftId !== null) {
    await draftRepository.confirmed(trx, args.draftId, now);
  }
  const weeks = estimatedWeeks(
    await deps.repo.enrolledBornBy(args.campaign.id, args.citizen.birthYear, trx),
    args.campaign.plannedWeeklyCapacity,
  );
  const lang = args.citizen.lang ?? 'it';
  if (args.citizen.phone !== null) {
    await deps.outbox.enqueue(trx, {
      lane: 'appointment',
      to: args.citizen.phone,
      text: smsText.confirmed(args.citizen.name, campaignNameIn(args.campaign, lang), weeks, lang),
      idempotencyKey: `enrollment:${inserted.id}:confirmed`,
    });
  }
  await deps.audit.record(
    {
      principal: args.principal,
      action: 'create',
      resourceType: 'Enrollment',
      resourceId: String(inserted.id),
      subjectCitizenId: args.citizen.id,
      purpose: `enrollment:${args.channel}`,
      outcome: 'success',
      requestId: args.requestId,
    },
    trx,
  );
  deps.onEnrolled?.(args.campaign.code, args.channel);
  return {
    campaign: args.campaign.name,
    cohort: cohort.label,
    channel: args.channel,
    enrolledAt: inserted.enrolledAt.toISOString(),
    estimatedWeeks: weeks,
    notice: NO_HURRY,
  };
}

export function alreadyEnrolled(
  existing: (Pick<EnrollmentsTable, 'channel'> & { enrolled_at: Date }) | undefined,
): DomainError {
  const how =
    existing === undefined
      ? ''
      : ` on ${formatDate(existing.enrolled_at)} through the ${CHANNEL_NAMES[existing.channel]}`;
  return conflict(
    'campaign.already_enrolled',
    `This person is already enrolled${how}. Nothing else is needed: the appointment will come by SMS.`,
  );
}

const CHANNEL_NAMES: Readonly<Record<EnrollmentChannel, string>> = {
  citizen: 'citizen portal',
  pharmacist: 'pharmacy',
  gp: 'GP',
};

export function formatDate(date: Date): string {
  return date.toLocaleString('en-GB', {
    timeZone: 'Europe/Rome',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function birthYearOf(birthDate: string): number {
  return Number(birthDate.slice(0, 4));
}

/** The campaign's name for an SMS in `lang`: the English one when there is one (issue 17). */
export function campaignNameIn(campaign: Pick<CampaignRow, 'name' | 'nameEn'>, lang: SmsLanguage): string {
  return lang === 'en' ? (campaign.nameEn ?? campaign.name) : campaign.name;
}
