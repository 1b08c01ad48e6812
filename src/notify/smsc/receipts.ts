import { PDU } from 'smpp';
import type { Logger } from '../smpp/logger.ts';
import { SmppStatus } from '../smpp/status.ts';
import { formatReceiptText, MESSAGE_STATE, type ReceiptFacts } from './receipt-text.ts';
import type { SmscSession } from './session.ts';

export interface Address {
  readonly addr: string;
  readonly ton: number;
  readonly npi: number;
}

export interface PendingReceipt {
  /** The ESME account that submitted the message: only its sessions may get the receipt. */
  readonly systemId: string;
  readonly handset: Address;
  readonly sender: Address;
  readonly facts: ReceiptFacts;
}

export interface DispatcherOptions {
  readonly receivers: (systemId: string) => Iterable<SmscSession>;
  readonly schedule: (delayMs: number, callback: () => void) => void;
  readonly logger: Logger;
  /** Receipts kept while no session of the account is bound; oldest dropped beyond. */
  readonly maxQueued: number;
}

// deliver_sm unanswered per session, like the ESME's own submit window: enough to keep
// a loopback link busy, small enough that a stalled ESME does not hold thousands.
const RECEIPT_WINDOW = 10;
// After an ESME answers a receipt with an error (e.g. 0x64 temporary app error).
const RETRY_DELAY_MS = 5_000;

/**
 * Sends delivery receipts as deliver_sm to receiver/transceiver sessions of the same
 * system_id, like a store-and-forward SMSC: receipts wait in a queue while the ESME is
 * disconnected, and those unacknowledged when a session drops are sent again.
 */
export class ReceiptDispatcher {
  readonly #options: DispatcherOptions;
  readonly #queues = new Map<string, PendingReceipt[]>();
  readonly #inFlight = new Map<SmscSession, Set<PendingReceipt>>();
  #queued = 0;
  sent = 0;
  refused = 0;
  dropped = 0;

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  get queued(): number {
    return this.#queued;
  }

  enqueue(receipt: PendingReceipt): void {
    this.#put(receipt, false);
    this.drain(receipt.systemId);
  }

  drain(systemId: string): void {
    const queue = this.#queues.get(systemId);
    if (!queue) return;
    for (const session of this.#options.receivers(systemId)) {
      const inFlight = this.#inFlight.get(session) ?? new Set<PendingReceipt>();
      this.#inFlight.set(session, inFlight);
      while (inFlight.size < RECEIPT_WINDOW && queue.length > 0) {
        const receipt = queue.shift();
        if (receipt === undefined) break;
        this.#queued -= 1;
        if (!this.#send(session, receipt, inFlight)) {
          this.#put(receipt, true);
          break;
        }
      }
    }
  }

  /** Puts the receipts the session never acknowledged back at the head of the queue. */
  sessionClosed(session: SmscSession): void {
    const inFlight = [...(this.#inFlight.get(session) ?? [])];
    this.#inFlight.delete(session);
    for (const receipt of inFlight.reverse()) this.#put(receipt, true);
    for (const systemId of new Set(inFlight.map((r) => r.systemId))) this.drain(systemId);
  }

  #put(receipt: PendingReceipt, first: boolean): void {
    const queue = this.#queues.get(receipt.systemId) ?? [];
    this.#queues.set(receipt.systemId, queue);
    if (first) queue.unshift(receipt);
    else queue.push(receipt);
    this.#queued += 1;
    if (this.#queued > this.#options.maxQueued && queue.shift()) {
      this.#queued -= 1;
      this.dropped += 1;
    }
  }

  #send(session: SmscSession, receipt: PendingReceipt, inFlight: Set<PendingReceipt>): boolean {
    if (!session.isOpen) return false;
    const { facts, handset, sender } = receipt;
    const pdu = new PDU('deliver_sm', {
      source_addr_ton: handset.ton,
      source_addr_npi: handset.npi,
      source_addr: handset.addr,
      dest_addr_ton: sender.ton,
      dest_addr_npi: sender.npi,
      destination_addr: sender.addr,
      esm_class: 0x04, // SMSC delivery receipt
      short_message: formatReceiptText(facts),
      receipted_message_id: facts.messageId,
      message_state: MESSAGE_STATE[facts.status] ?? 7, // 7 = UNKNOWN
    });
    inFlight.add(receipt);
    const written = session.session.send(pdu, (response) => {
      if (!inFlight.delete(receipt)) return;
      if (response.command_status === SmppStatus.ESME_ROK) {
        this.sent += 1;
        session.receiptsSent += 1;
      } else {
        this.refused += 1;
        this.#options.logger.debug(
          { messageId: facts.messageId, status: response.command_status },
          'smsc: receipt refused, retrying',
        );
        this.#options.schedule(RETRY_DELAY_MS, () => {
          this.enqueue(receipt);
        });
      }
      this.drain(receipt.systemId);
    });
    if (!written) inFlight.delete(receipt);
    return written;
  }
}
