import type { Db } from '../../src/db/database.ts';

/**
 * The newest SMS queued in the outbox for a number in a lane (the dispatcher may not have
 * sent it yet). The lane matters: other modules (FSE notices, appointments) text the same phones.
 */
export async function lastQueuedSms(
  db: Db,
  phone: string,
  lane: 'otp' | 'appointment' | 'reminder' | 'bulk' = 'otp',
): Promise<string | null> {
  const { rows } = await db.pool.query<{ body: string }>(
    'SELECT body FROM notify_messages WHERE recipient = $1 AND lane = $2 ORDER BY id DESC LIMIT 1',
    [phone, lane],
  );
  return rows[0]?.body ?? null;
}

export function codeIn(sms: string | null): string {
  const match = /(\d{6})/.exec(sms ?? '');
  if (match?.[1] === undefined) throw new Error(`no code in SMS: ${String(sms)}`);
  return match[1];
}

export function linkTokenIn(sms: string | null): string {
  const match = /\/r\/([0-9]+\.[A-Za-z0-9_-]{43})/.exec(sms ?? '');
  if (match?.[1] === undefined) throw new Error(`no resume link in SMS: ${String(sms)}`);
  return match[1];
}
