import { sql, type QueryExecutorProvider } from 'kysely';
import { parseE164Phone } from '../../shared/identifiers.ts';
import { conflict, validationError } from '../../shared/errors.ts';
import { textFields } from '../smpp/pdu-text.ts';
import { DEFAULT_VALIDITY_S, isLane, LANES, MAX_VALIDITY_S, type Lane } from './lanes.ts';

export interface MessageInput {
  readonly lane: Lane;
  /** A mobile number: E.164 ("+393331234567"), or an Italian mobile as people type it. */
  readonly to: string;
  readonly text: string;
  /**
   * Names the business fact the message belongs to, e.g. "enrollment:8812:otp:1".
   * Enqueuing the same key again returns the first message and sends nothing more.
   */
  readonly idempotencyKey: string;
  /** Seconds the SMSC may keep trying; the lane's default if absent. */
  readonly validitySeconds?: number;
  /** Not sent before this time (a reminder for tomorrow morning). */
  readonly notBefore?: Date;
}

export interface Enqueued {
  readonly id: number;
  /** False when the idempotency key already existed with the same content. */
  readonly created: boolean;
}

interface ValidMessage {
  readonly lane: Lane;
  readonly recipient: string;
  readonly body: string;
  readonly key: string;
  readonly validityS: number;
  readonly notBefore: Date | null;
}

/** Checks one message and normalises its number; throws a validation DomainError naming the field. */
export function validateMessage(input: MessageInput, path = ''): ValidMessage {
  if (!isLane(input.lane)) {
    throw validationError('notify.lane_invalid', `Unknown lane "${String(input.lane)}".`, [
      { field: `${path}/lane`, message: `expected one of ${LANES.join(', ')}` },
    ]);
  }
  const recipient = parseE164Phone(input.to, `${path}/to`);
  try {
    textFields(input.text); // refuses empty texts and texts over 2,000 octets once encoded
  } catch {
    throw validationError('notify.text_invalid', 'The text of an SMS must be 1 to 2,000 bytes once encoded.', [
      { field: `${path}/text`, message: 'expected 1-2000 characters (1-1000 outside the GSM/Latin-1 alphabet)' },
    ]);
  }
  const key = input.idempotencyKey;
  if (key.length < 1 || key.length > 200) {
    throw validationError('notify.idempotency_key_invalid', 'An idempotency key has 1 to 200 characters.', [
      { field: `${path}/idempotencyKey`, message: 'expected 1-200 characters' },
    ]);
  }
  const validityS = input.validitySeconds ?? DEFAULT_VALIDITY_S[input.lane];
  if (!Number.isInteger(validityS) || validityS < 1 || validityS > MAX_VALIDITY_S) {
    throw validationError('notify.validity_invalid', 'The validity period must be 1 s to 30 days.', [
      { field: `${path}/validitySeconds`, message: `expected an integer from 1 to ${MAX_VALIDITY_S}` },
    ]);
  }
  return { lane: input.lane, recipient, body: input.text, key, validityS, notBefore: input.notBefore ?? null };
}

/**
 * Puts one SMS in the outbox. Call it with the transaction (any Kysely instance or
 * Transaction) of the business change it belongs to: the message then exists if and only if that change commits,
 * and the dispatcher (which only sees committed rows) sends it at most once per key.
 * Throws a validation error for a malformed number or text before touching the database.
 */
export async function enqueueMessage(trx: QueryExecutorProvider, input: MessageInput): Promise<Enqueued> {
  const m = validateMessage(input);
  const inserted = await sql<{ id: number }>`
    WITH ins AS (
      INSERT INTO notify_messages (idempotency_key, lane, recipient, body, validity_s, not_before)
      VALUES (${m.key}, ${m.lane}, ${m.recipient}, ${m.body}, ${m.validityS}, coalesce(${m.notBefore}::timestamptz,
        now()))
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id, queued_at
    ), history AS (
      INSERT INTO notify_events (message_id, at, kind) SELECT id, queued_at, 'queued' FROM ins
    )
    SELECT id FROM ins`.execute(trx);
  const row = inserted.rows[0];
  if (row !== undefined) return { id: row.id, created: true };

  const existing = await sql<{ id: number; lane: string; recipient: string; body: string }>`
    SELECT id, lane, recipient, body FROM notify_messages WHERE idempotency_key = ${m.key}`.execute(trx);
  const first = existing.rows[0];
  if (first === undefined) throw new Error(`notify: idempotency key ${m.key} neither inserted nor found`);
  if (first.lane !== m.lane || first.recipient !== m.recipient || first.body !== m.body) {
    throw conflict(
      'notify.idempotency_key_reused',
      `The idempotency key "${m.key}" was already used for a different message.`,
    );
  }
  return { id: first.id, created: false };
}

// 5,000 rows x 6 arrays stays one round trip of ~1 MB; larger batches gained nothing measurable.
const BATCH = 5_000;

/**
 * Many messages in one go (a campaign notice to a cohort), same rules as enqueueMessage.
 * Keys already present are skipped, whatever their content. Returns how many were new.
 */
export async function enqueueMessages(
  trx: QueryExecutorProvider,
  inputs: readonly MessageInput[],
): Promise<{ created: number }> {
  const valid = inputs.map((input, index) => validateMessage(input, `/${index}`));
  let created = 0;
  for (let start = 0; start < valid.length; start += BATCH) {
    const batch = valid.slice(start, start + BATCH);
    const result = await sql<{ count: number }>`
      WITH ins AS (
        INSERT INTO notify_messages (idempotency_key, lane, recipient, body, validity_s, not_before)
        SELECT key, lane, recipient, body, validity_s, coalesce(not_before, now())
        FROM unnest(${batch.map((m) => m.key)}::text[], ${batch.map((m) => m.lane)}::text[],
                    ${batch.map((m) => m.recipient)}::text[], ${batch.map((m) => m.body)}::text[],
                    ${batch.map((m) => m.validityS)}::int[], ${batch.map((m) => m.notBefore)}::timestamptz[])
          AS i(key, lane, recipient, body, validity_s, not_before)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, queued_at
      ), history AS (
        INSERT INTO notify_events (message_id, at, kind) SELECT id, queued_at, 'queued' FROM ins
      )
      SELECT count(*)::int AS count FROM ins`.execute(trx);
    created += result.rows[0]?.count ?? 0;
  }
  return { created };
}
