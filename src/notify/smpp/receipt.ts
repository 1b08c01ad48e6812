import type { PduFields } from 'smpp';
import { decodedText } from './pdu-text.ts';

/** The stat: values of SMPP 3.4 Appendix B. */
export type ReceiptStatus =
  'ENROUTE' | 'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD';

export interface ParsedReceipt {
  readonly messageId: string;
  readonly status: ReceiptStatus;
  /** From "done date:", read as UTC; null when absent or malformed. */
  readonly doneAt: Date | null;
  /** The "err:" field, network specific; null when absent. */
  readonly errorCode: string | null;
}

// SMPP 3.4 section 5.2.28: the message_state TLV values, in order from 1.
const BY_MESSAGE_STATE: readonly (ReceiptStatus | undefined)[] = [
  undefined,
  'ENROUTE',
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
];
const KNOWN_STATS = new Set<string>(BY_MESSAGE_STATE.filter((s) => s !== undefined));

// esm_class bits 2-5 are the message type; 0b0001 (0x04) is "SMSC delivery receipt".
const MESSAGE_TYPE_MASK = 0x3c;
const MC_DELIVERY_RECEIPT = 0x04;

export function isDeliveryReceipt(esmClass: number | undefined): boolean {
  return ((esmClass ?? 0) & MESSAGE_TYPE_MASK) === MC_DELIVERY_RECEIPT;
}

const FIELD = /\b(id|sub|dlvrd|submit date|done date|stat|err):(\S*)/gi;

/**
 * Parses "id:… sub:… dlvrd:… submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:… err:… text:…".
 * Everything from "text:" on is ignored: it echoes the start of the user's message,
 * which could itself contain "stat:".
 */
export function parseReceiptText(text: string): Partial<Record<string, string>> {
  const head = text.split(/\btext:/i)[0] ?? '';
  const fields: Partial<Record<string, string>> = {};
  for (const match of head.matchAll(FIELD)) {
    const key = match[1]?.toLowerCase();
    if (key !== undefined && !(key in fields)) fields[key] = match[2] ?? '';
  }
  return fields;
}

/** YYMMDDhhmm or YYMMDDhhmmss (a common extension), taken as UTC in 2000-2099. */
export function parseReceiptDate(value: string | undefined): Date | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value ?? '');
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? '0'));
  const date = new Date(Date.UTC(2000 + (year ?? 0), (month ?? 1) - 1, day, hour, minute, second));
  // Reject roll-overs such as month 13 or minute 61.
  const exact = date.getUTCMonth() === (month ?? 1) - 1 && date.getUTCDate() === day && date.getUTCMinutes() === minute;
  return exact ? date : null;
}

function statusOf(stat: string | undefined, messageState: number | undefined): ReceiptStatus {
  // The numeric TLV is standard where the text is only conventional, so it wins.
  const fromTlv = messageState === undefined ? undefined : BY_MESSAGE_STATE[messageState];
  if (fromTlv !== undefined) return fromTlv;
  const upper = (stat ?? '').toUpperCase();
  return KNOWN_STATS.has(upper) ? (upper as ReceiptStatus) : 'UNKNOWN';
}

/** What a receipt tells about the message it reports on, beyond its message_id. */
export interface ReceiptOrigin {
  /** The handset (the receipt's source_addr), digits as on the wire. */
  readonly destination: string;
  /** From "submit date:", read as UTC; null when absent or malformed. */
  readonly submittedAt: Date | null;
  /** The start of the original text echoed after "text:" (20 characters by convention); null when absent. */
  readonly textPrefix: string | null;
}

/**
 * The origin of a receipt: enough to recognise the message without its message_id,
 * which a sender that crashed between submit_sm and submit_sm_resp never learned.
 */
export function receiptOrigin(pdu: PduFields): ReceiptOrigin {
  const text = decodedText(pdu.message_payload ?? pdu.short_message);
  const echoed = /\btext:/i.exec(text);
  return {
    destination: pdu.source_addr ?? '',
    submittedAt: parseReceiptDate(parseReceiptText(text)['submit date']),
    textPrefix: echoed === null ? null : text.slice(echoed.index + echoed[0].length),
  };
}

/** The receipt carried by a deliver_sm, or null if it is not a usable receipt. */
export function receiptFromPdu(pdu: PduFields): ParsedReceipt | null {
  if (!isDeliveryReceipt(pdu.esm_class)) return null;
  const fields = parseReceiptText(decodedText(pdu.message_payload ?? pdu.short_message));
  const messageId = pdu.receipted_message_id ?? fields.id ?? '';
  if (messageId === '') return null;
  return {
    messageId,
    status: statusOf(fields.stat, pdu.message_state),
    doneAt: parseReceiptDate(fields['done date']),
    errorCode: fields.err ?? null,
  };
}
