import smpp, { type DecodedMessage, type PduFields } from 'smpp';
import { SubmitError } from './errors.ts';
import { SmppStatus } from './status.ts';

// ITU-T E.164: a country code that never starts with 0, at most 15 digits in all.
// 7 is a practical floor: no mobile number in service is shorter.
const E164_DIGITS = /^[1-9][0-9]{6,14}$/;

// GSM 03.40 limits an alphanumeric sender to 11 characters.
const ALPHANUMERIC_SENDER = /^[A-Za-z0-9 ._-]{1,11}$/;

// One SMS carries 140 octets. The smpp package sends GSM 03.38 text unpacked, one
// octet per character, and SMSCs accept up to 160 of those in short_message.
const SHORT_MESSAGE_LIMIT = { ASCII: 160, LATIN1: 140, UCS2: 140 } as const;

// The smpp package refuses PDUs over 16 KB; 2,000 octets (about 13 concatenated
// parts) is far above any notification Salus sends and far below that limit.
const MAX_TEXT_OCTETS = 2_000;

/** "+393331234567" or "393331234567" to "393331234567"; anything else is refused. */
export function toSmppNumber(e164: string): string {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  if (!E164_DIGITS.test(digits)) {
    throw SubmitError.invalid(`not an E.164 number: ${JSON.stringify(e164)}`, SmppStatus.ESME_RINVDSTADR);
  }
  return digits;
}

export interface SourceAddress {
  readonly source_addr: string;
  readonly source_addr_ton: number;
  readonly source_addr_npi: number;
}

/** A sender name (TON 5, alphanumeric) or an international number (TON 1, NPI 1 = E.164). */
export function toSourceAddress(sender: string): SourceAddress {
  const digits = sender.startsWith('+') ? sender.slice(1) : sender;
  if (E164_DIGITS.test(digits)) return { source_addr: digits, source_addr_ton: 1, source_addr_npi: 1 };
  if (ALPHANUMERIC_SENDER.test(sender)) return { source_addr: sender, source_addr_ton: 5, source_addr_npi: 0 };
  throw new Error(`sourceAddr must be an E.164 number or 1-11 letters/digits, got ${JSON.stringify(sender)}`);
}

/**
 * The text fields of a submit_sm: short_message when the text fits one SMS, else
 * message_payload so that the SMSC splits it. data_coding stays null so the package
 * picks GSM 03.38, Latin-1 or UCS-2 by the same detection used here.
 */
export function textFields(text: string): Pick<PduFields, 'short_message' | 'message_payload'> {
  const encoding = smpp.encodings.detect(text) || 'UCS2';
  const octets = smpp.encodings[encoding].encode(text).length;
  if (octets === 0 || octets > MAX_TEXT_OCTETS) {
    throw SubmitError.invalid(`text must be 1-${MAX_TEXT_OCTETS} octets, got ${octets}`, SmppStatus.ESME_RINVMSGLEN);
  }
  return octets <= SHORT_MESSAGE_LIMIT[encoding] ? { short_message: text } : { message_payload: text };
}

// SMPP 3.4 section 7.1.1: relative times are "YYMMDDhhmmss000R"; 99 days is the most the
// day field holds, far above the 30 days the outbox allows.
const MAX_RELATIVE_SECONDS = 99 * 86_400;

/** A duration as an SMPP relative time, in whole seconds (at least 1). */
export function relativeTime(ms: number): string {
  const total = Math.min(MAX_RELATIVE_SECONDS, Math.max(1, Math.round(ms / 1_000)));
  const fields = [
    0,
    0,
    Math.floor(total / 86_400),
    Math.floor(total / 3_600) % 24,
    Math.floor(total / 60) % 60,
    total % 60,
  ];
  return `${fields.map((n) => String(n).padStart(2, '0')).join('')}000R`;
}

/** The text of a decoded short_message or message_payload. */
export function decodedText(value: string | Buffer | DecodedMessage | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return typeof value.message === 'string' ? value.message : value.message.toString('latin1');
}
