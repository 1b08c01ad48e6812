import type { TFunction } from 'i18next';
import type { Campaign, Channel } from '../api/campaigns.ts';
import type { ApiError } from '../api/client.ts';
import type { Formatters } from '../format.ts';
import { genericProblem, waitMinutes, type Problem } from './problem.ts';
import { channelIn, isoTimestampIn, quotedIn, romeDateTimeIn } from './serverDetail.ts';

export interface EnrollContext {
  t: TFunction;
  format: Formatters;
  /** For the cohort's opening date when the person's group is not open yet. */
  campaign: Campaign | null;
  /** The person enrolling themselves, or an operator enrolling someone else. */
  audience: 'citizen' | 'operator';
}

export function channelLabel(t: TFunction, channel: Channel): string {
  switch (channel) {
    case 'citizen':
      return t('enroll.channels.citizen');
    case 'pharmacist':
      return t('enroll.channels.pharmacist');
    case 'gp':
      return t('enroll.channels.gp');
  }
}

function alreadyEnrolled(ctx: EnrollContext, detail: string): Problem {
  const { t } = ctx;
  const when = romeDateTimeIn(detail);
  const channel = channelIn(detail);
  const title =
    ctx.audience === 'citizen' ? t('enroll.problems.already.title') : t('enroll.problems.already.titleOperator');
  const text =
    when !== null && channel !== null
      ? t('enroll.problems.already.when', { date: ctx.format.wallClock(when), channel: channelLabel(t, channel) })
      : t('enroll.problems.already.text');
  return { tone: 'info', title, text };
}

function cohortNotOpen(ctx: EnrollContext, detail: string): Problem {
  const { t } = ctx;
  const label = quotedIn(detail);
  const cohort = ctx.campaign?.cohorts.find((c) => c.label === label);
  if (ctx.audience === 'operator') {
    const title = t('enroll.problems.cohortNotOpen.titleOperator');
    if (cohort === undefined) return { tone: 'info', title, text: t('enroll.problems.cohortNotOpen.textOperator') };
    return {
      tone: 'info',
      title,
      text: t('enroll.problems.cohortNotOpen.whenOperator', {
        cohort: cohort.label,
        date: ctx.format.dateTime(cohort.opensAt),
      }),
    };
  }
  const title = t('enroll.problems.cohortNotOpen.title');
  if (cohort === undefined) return { tone: 'info', title, text: t('enroll.problems.cohortNotOpen.text') };
  return {
    tone: 'info',
    title,
    text: t('enroll.problems.cohortNotOpen.when', { cohort: cohort.label, date: ctx.format.dateTime(cohort.opensAt) }),
  };
}

function rateLimited(ctx: EnrollContext, error: ApiError): Problem {
  const { t } = ctx;
  const detail = error.detail ?? '';
  if (detail.includes('already been sent')) {
    const until = isoTimestampIn(detail);
    return {
      tone: 'warning',
      title: t('enroll.problems.sendsUsed.title'),
      text:
        until === null
          ? t('enroll.problems.sendsUsed.text')
          : t('enroll.problems.sendsUsed.until', { time: ctx.format.dateTime(until) }),
    };
  }
  if (detail.includes('wrong codes')) {
    return {
      tone: 'warning',
      title: t('enroll.problems.locked.title'),
      text: t('enroll.problems.locked.text', { count: waitMinutes(error) }),
    };
  }
  return {
    tone: 'warning',
    title: t('problems.tooMany.title'),
    text: t('enroll.problems.tooMany', { count: waitMinutes(error) }),
  };
}

/**
 * Every answer the enrollment endpoints give, in the reader's words, each with
 * the next step. Nothing here can tell whether a codice fiscale exists: the
 * server gives the same answer in that case, and so does this.
 */
export function enrollProblem(ctx: EnrollContext, error: ApiError): Problem {
  const { t } = ctx;
  const detail = error.detail ?? '';
  switch (error.code) {
    case 'campaign.already_enrolled':
      return alreadyEnrolled(ctx, detail);
    case 'campaign.cohort_not_open':
      return cohortNotOpen(ctx, detail);
    case 'campaign.not_eligible':
      return ctx.audience === 'citizen'
        ? { tone: 'info', title: t('enroll.problems.notEligible.title'), text: t('enroll.problems.notEligible.text') }
        : {
            tone: 'info',
            title: t('enroll.problems.notEligible.titleOperator'),
            text: t('enroll.problems.notEligible.textOperator'),
          };
    case 'campaign.not_open':
      return { tone: 'info', title: t('enroll.problems.notOpen.title'), text: t('enroll.problems.notOpen.text') };
    case 'campaign.closed':
      return { tone: 'info', title: t('enroll.problems.closed.title'), text: t('enroll.problems.closed.text') };
    case 'campaign.not_found':
      return {
        tone: 'warning',
        title: t('enroll.problems.noCampaign.title'),
        text: t('enroll.problems.noCampaign.text'),
      };
    case 'campaign.code_invalid':
      return {
        tone: 'danger',
        title: t('enroll.problems.codeInvalid.title'),
        text: t('enroll.problems.codeInvalid.text'),
      };
    case 'campaign.link_invalid':
      return {
        tone: 'warning',
        title: t('enroll.problems.linkInvalid.title'),
        text: t('enroll.problems.linkInvalid.text'),
      };
    case 'campaign.link_replaced':
      return {
        tone: 'warning',
        title: t('enroll.problems.linkReplaced.title'),
        text: t('enroll.problems.linkReplaced.text'),
      };
    case 'campaign.phone_limit':
      return {
        tone: 'warning',
        title: t('enroll.problems.phoneLimit.title'),
        text: t('enroll.problems.phoneLimit.text'),
      };
    case 'campaign.card_mismatch':
      return {
        tone: 'danger',
        title: t('enroll.problems.cardMismatch.title'),
        text: t('enroll.problems.cardMismatch.text'),
      };
    case 'campaign.card_required':
      return {
        tone: 'danger',
        title: t('enroll.problems.cardRequired.title'),
        text: t('enroll.problems.cardRequired.text'),
      };
    case 'campaign.not_your_patient':
      return {
        tone: 'warning',
        title: t('enroll.problems.notYourPatient.title'),
        text: t('enroll.problems.notYourPatient.text'),
      };
    case 'registry.citizen_not_found':
      return { tone: 'warning', title: t('enroll.problems.noRecord.title'), text: t('enroll.problems.noRecord.text') };
    case 'registry.fiscal_code_invalid':
    case 'registry.fiscal_code_check':
    case 'registry.health_card_invalid':
    case 'registry.phone_invalid':
    case 'request.invalid':
      return { tone: 'danger', title: t('enroll.problems.checkData.title'), text: t('enroll.problems.checkData.text') };
    case 'rate_limited':
      return rateLimited(ctx, error);
    default:
      return error.status === 429 ? rateLimited(ctx, error) : genericProblem(t, error);
  }
}
