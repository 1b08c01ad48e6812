import type { ReceiptStatus } from '../smpp/receipt.ts';

export interface ReceiptFacts {
  readonly messageId: string;
  readonly status: ReceiptStatus;
  readonly submittedAt: number;
  readonly doneAt: number;
  readonly text: string;
}

/** SMPP 3.4 message_state TLV value for each final stat (section 5.2.28). */
export const MESSAGE_STATE: Readonly<Partial<Record<ReceiptStatus, number>>> = {
  DELIVRD: 2,
  EXPIRED: 3,
  UNDELIV: 5,
  REJECTD: 8,
};

// Network error codes are operator specific; these are the GSM MAP causes SMSCs commonly
// report: 000 none, 027 absent subscriber (undeliverable), 069 validity expired.
const ERROR_CODE: Readonly<Partial<Record<ReceiptStatus, string>>> = { UNDELIV: '027', EXPIRED: '069' };

/**
 * The receipt text of SMPP 3.4 Appendix B. Dates carry seconds (YYMMDDhhmmss, UTC),
 * a common extension: minute resolution would blur the latency figures the outbox
 * computes from receipts.
 */
export function formatReceiptText(facts: ReceiptFacts): string {
  const delivered = facts.status === 'DELIVRD' ? '001' : '000';
  return [
    `id:${facts.messageId}`,
    'sub:001',
    `dlvrd:${delivered}`,
    `submit date:${receiptDate(facts.submittedAt)}`,
    `done date:${receiptDate(facts.doneAt)}`,
    `stat:${facts.status}`,
    `err:${ERROR_CODE[facts.status] ?? '000'}`,
    `text:${facts.text.slice(0, 20)}`,
  ].join(' ');
}

function receiptDate(epochMs: number): string {
  const d = new Date(epochMs);
  const parts = [
    d.getUTCFullYear() % 100,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  return parts.map((n) => String(n).padStart(2, '0')).join('');
}
