import type { Lane } from '../db-types.ts';

export type { Lane } from '../db-types.ts';

/** Served strictly in this order: a verification code never waits behind a notice. */
export const LANES: readonly Lane[] = ['otp', 'appointment', 'reminder', 'bulk'];

export function isLane(value: string): value is Lane {
  return (LANES as readonly string[]).includes(value);
}

/**
 * Default SMPP validity period per lane, in seconds. After it the SMSC stops trying and
 * reports EXPIRED, which is also what bounds how long an unanswered submit stays
 * ambiguous (see dispatch/reconciler.ts).
 * - otp: 10 minutes. A code is worth nothing later, and a late one is what broke 2021.
 * - appointment and bulk: 24 hours, the span in which a notice still makes sense.
 * - reminder: 12 hours, since a reminder is sent the day before.
 */
export const DEFAULT_VALIDITY_S: Readonly<Record<Lane, number>> = {
  otp: 600,
  appointment: 86_400,
  reminder: 43_200,
  bulk: 86_400,
};

/** The schema's limit: 30 days, the longest validity SMSCs commonly accept. */
export const MAX_VALIDITY_S = 2_592_000;
