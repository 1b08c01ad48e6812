import type { E164Phone, FiscalCode, HealthCardNumber } from '../shared/identifiers.ts';
import { DomainError, rateLimited } from '../shared/errors.ts';
import {
  alreadyEnrolled,
  birthYearOf,
  confirmEnrollment,
  openCampaign,
  openCohortFor,
  type Enrolled,
  type EnrollmentDeps,
} from './enrollment.ts';
import { draftRepository } from './draft-repository.ts';
import { smsText, type SmsLanguage } from './messages.ts';
import { ensureRoomOnPhone } from './phone-limit.ts';
import { smsName } from '../shared/sms-name.ts';

// "Resend" sends the same code at most this many times in all.
export const MAX_SENDS = 5;
// After this many wrong codes the draft is locked for LOCK_MINUTES.
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

/** The same answer whether or not the codice fiscale exists or matches the card. */
export const SUBMITTED = {
  status: 'submitted' as const,
  message:
    'If the data you entered are correct, an SMS with a code and a link is on its way. ' +
    'You may close this page: the SMS finishes your enrollment whenever it arrives, without typing anything again.',
};

/** The refusal of too many codes, from the limiter or a locked draft alike. */
export const TOO_MANY_ATTEMPTS = 'Too many attempts. Wait a few minutes and try again; your data are kept.';

const invalidCode = (): DomainError =>
  new DomainError(
    'validation',
    'campaign.code_invalid',
    'The code is not valid or has expired. ' +
      'Check the last SMS you received, or submit your data again to receive a new code.',
  );

/**
 * The citizen channel: the submitted data become a durable draft before any SMS is
 * sent, and the code (or the link) in the SMS only confirms it, however late it comes.
 */
export function draftFlows(deps: EnrollmentDeps) {
  return {
    async submit(
      campaignCode: string,
      input: {
        fiscalCode: FiscalCode;
        healthCardNumber: HealthCardNumber;
        mobilePhone: E164Phone;
        lang?: SmsLanguage | null;
      },
    ): Promise<typeof SUBMITTED> {
      const now = deps.now();
      const campaign = await openCampaign(deps.campaigns, campaignCode, now);
      // The citizen is read in the transaction: a read on its own is a transaction too (issue 21: commits).
      await deps.db.transaction().execute(async (trx) => {
        const citizen = await deps.repo.citizenByFiscalCode(trx, input.fiscalCode);
        if (citizen?.health_card_number !== input.healthCardNumber) return;
        // Only the holder of the health card learns their cohort (the birth year is in the codice fiscale anyway).
        // An earlier enrollment is told only after the code from the SMS proves the phone (confirmWithCode):
        // a codice fiscale and a card number are not secrets enough to learn it from.
        openCohortFor(campaign, birthYearOf(citizen.birth_date), now);
        await ensureRoomOnPhone(deps.repo, trx, {
          campaignId: campaign.id,
          phone: input.mobilePhone,
          citizenId: citizen.id,
          now,
        });
        let draft = await deps.repo.openDraft(trx, campaign.id, citizen.id);
        if (draft !== undefined && draft.code_expires_at <= now) {
          await draftRepository.supersede(trx, draft.id);
          draft = undefined;
        }
        let sendNumber: number;
        let draftId: number;
        let salt: string;
        if (draft === undefined) {
          salt = deps.secrets.newSalt();
          draftId = await draftRepository.insert(trx, {
            campaignId: campaign.id,
            citizenId: citizen.id,
            mobilePhone: input.mobilePhone,
            lang: input.lang ?? null,
            salt,
            codeExpiresAt: new Date(now.getTime() + deps.codeTtlMinutes * 60_000),
          });
          sendNumber = 1;
        } else {
          if (draft.sends >= MAX_SENDS)
            throw rateLimited(
              `The code has already been sent ${MAX_SENDS} times. ` +
                `Use the last SMS you received; it stays valid until ${draft.code_expires_at.toISOString()}.`,
              600,
            );
          draftId = draft.id;
          salt = draft.secret_salt;
          sendNumber = draft.sends + 1;
          await draftRepository.resent(trx, draft.id, {
            sends: sendNumber,
            mobilePhone: input.mobilePhone,
            lang: input.lang ?? null,
          });
        }
        await deps.outbox.enqueue(trx, {
          lane: 'otp',
          to: input.mobilePhone,
          text: smsText.code(
            smsName(citizen.given_name, citizen.family_name),
            deps.secrets.code(draftId, salt),
            `${deps.publicUrl}/r/${deps.secrets.resumeToken(draftId, salt)}`,
            deps.codeTtlMinutes,
            input.lang ?? 'it',
          ),
          idempotencyKey: `enrollment-draft:${draftId}:send:${sendNumber}`,
          // A late SMS is still useful while its code is valid (the 2021 failure: 50 minutes late).
          validitySeconds: deps.codeTtlMinutes * 60,
        });
      });
      return SUBMITTED;
    },

    /** Confirms with the codice fiscale and the 6-digit code from the SMS. */
    async confirmWithCode(
      campaignCode: string,
      fiscalCode: FiscalCode,
      code: string,
      requestId: string,
    ): Promise<Enrolled> {
      const now = deps.now();
      const campaign = await openCampaign(deps.campaigns, campaignCode, now);
      return deps.db
        .transaction()
        .execute(async (trx) => {
          // The draft and its citizen in one read: an unknown codice fiscale has no draft either.
          const draft = await deps.repo.openDraftByFiscalCode(trx, campaign.id, fiscalCode);
          if (draft === undefined) {
            // No open draft: the enrollment status is told only to whoever holds the code of the draft
            // that confirmed it (a double submit); anyone else gets the answer of an unknown codice fiscale.
            const confirmed = await deps.repo.confirmedDraft(trx, campaign.id, fiscalCode);
            if (
              confirmed !== undefined &&
              confirmed.code_expires_at > now &&
              deps.secrets.codeMatches(code, confirmed.id, confirmed.secret_salt)
            ) {
              throw alreadyEnrolled(await deps.repo.existingEnrollment(trx, campaign.id, confirmed.citizen_id));
            }
            throw invalidCode();
          }
          if (draft.locked_until !== null && draft.locked_until > now) {
            // Worded like the per-codice-fiscale limiter's refusal, so that a lock does not single out a pending draft.
            throw rateLimited(TOO_MANY_ATTEMPTS, Math.ceil((draft.locked_until.getTime() - now.getTime()) / 1000));
          }
          if (draft.code_expires_at <= now) throw invalidCode();
          if (!deps.secrets.codeMatches(code, draft.id, draft.secret_salt)) {
            const failed = draft.failed_attempts + 1;
            const lock = failed >= MAX_FAILED_ATTEMPTS;
            await draftRepository.wrongCode(trx, draft.id, lock ? 0 : failed, lock ? LOCK_MINUTES : null);
            return { wrong: true as const };
          }
          return confirmEnrollment(deps, trx, {
            campaign,
            citizen: {
              id: draft.citizen_id,
              birthYear: birthYearOf(draft.birth_date),
              phone: draft.mobile_phone,
              name: smsName(draft.given_name, draft.family_name),
              lang: draft.lang,
            },
            channel: 'citizen',
            verifiedBy: 'code',
            operatorId: null,
            draftId: draft.id,
            principal: null,
            requestId,
          });
        })
        .then((result) => {
          // The failed attempt is committed before answering, so it counts even though we refuse.
          if ('wrong' in result) throw invalidCode();
          return result;
        });
    },

    /** Confirms from the link in the SMS: the link alone proves possession of the phone. */
    async confirmWithLink(token: string, requestId: string): Promise<Enrolled> {
      const draftId = deps.secrets.draftIdOf(token);
      if (draftId === null) throw invalidLink();
      const now = deps.now();
      // Campaign and citizen of a draft never change: read before the transaction, so that it
      // never waits for a second pool connection while holding one.
      const citizen = await draftRepository.owner(deps.db, draftId);
      if (citizen === undefined) throw invalidLink();
      const campaign = await deps.campaigns.byId(citizen.campaign_id);
      if (campaign === null) throw invalidLink();
      return deps.db.transaction().execute(async (trx) => {
        const draft = await deps.repo.draftById(trx, draftId);
        if (draft === undefined || !deps.secrets.tokenMatches(token, draft.id, draft.secret_salt)) throw invalidLink();
        if (draft.status === 'confirmed')
          throw alreadyEnrolled(await deps.repo.existingEnrollment(trx, campaign.id, draft.citizen_id));
        if (draft.status === 'superseded')
          throw new DomainError(
            'validation',
            'campaign.link_replaced',
            'This link was replaced by a newer SMS. Please use the most recent SMS you received.',
          );
        if (draft.code_expires_at <= now) throw invalidLink();
        if (campaign.opensAt > now || (campaign.closesAt !== null && campaign.closesAt <= now))
          await openCampaign(deps.campaigns, campaign.code, now);
        return confirmEnrollment(deps, trx, {
          campaign,
          citizen: {
            id: citizen.id,
            birthYear: birthYearOf(citizen.birth_date),
            phone: draft.mobile_phone,
            name: smsName(citizen.given_name, citizen.family_name),
            lang: draft.lang,
          },
          channel: 'citizen',
          verifiedBy: 'link',
          operatorId: null,
          draftId: draft.id,
          principal: null,
          requestId,
        });
      });
    },
  };
}

const invalidLink = (): DomainError =>
  new DomainError(
    'validation',
    'campaign.link_invalid',
    'This link is not valid or has expired. Enter the code from the SMS on the resume page, or submit your data again.',
  );
