import { EventEmitter } from 'node:events';
import type { PDU, PduFields } from 'smpp';
import { defaultBackoff, type BackoffOptions } from './backoff.ts';
import { SubmitError } from './errors.ts';
import { LinkRequestError, SmppLink, type ConnectionState, type Responder } from './link.ts';
import { silentLogger, type Logger } from './logger.ts';
import { relativeTime, textFields, toSmppNumber, toSourceAddress, type SourceAddress } from './pdu-text.ts';
import { receiptFromPdu, receiptOrigin, type ReceiptOrigin, type ReceiptStatus } from './receipt.ts';
import { RecentMap } from './recent-map.ts';
import { SmppStatus } from './status.ts';

export type { ConnectionState } from './link.ts';

export interface SmppClientOptions {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
  /** Sender shown on the phone: up to 11 letters/digits, or an E.164 number. */
  readonly sourceAddr: string;
  /** Most submit_sm sent and not yet answered. Default 10. */
  readonly windowSize?: number;
  /** Default 30 s, within the 60 s idle timeout many SMSCs apply. */
  readonly enquireLinkIntervalMs?: number;
  /** Wait for any *_resp before the link is declared dead. Default 10 s. */
  readonly responseTimeoutMs?: number;
  /** Longest a submit waits for a bound session and a window slot. Default 30 s. */
  readonly queueTimeoutMs?: number;
  readonly reconnect?: Partial<BackoffOptions>;
  /** How many message_id -> reference pairs to remember for receipts. Default 100,000. */
  readonly referenceCacheSize?: number;
  /** Source of jitter; tests pin it. Default Math.random. */
  readonly random?: () => number;
  readonly logger?: Logger;
  /**
   * When set, a receipt is acknowledged only once this resolves (e.g. once it is stored),
   * and refused with a temporary error (0x64, the SMSC sends it again) if it rejects: a
   * crash can then never lose an acknowledged receipt. Without it, receipts are
   * acknowledged as soon as the 'receipt' listeners have run.
   */
  readonly receiptHandler?: (receipt: DeliveryReceipt) => Promise<void>;
}

export interface SubmitRequest {
  /** E.164, with or without the leading '+'. */
  readonly to: string;
  readonly text: string;
  /** The caller's idempotency key, returned with the result and with the delivery receipt. */
  readonly reference?: string;
  /**
   * How long the SMSC may keep trying to deliver (SMPP validity_period, sent relative,
   * whole seconds). Past it the SMSC gives up and reports EXPIRED: what lets a sender
   * that lost a submit_sm_resp know when the message can no longer arrive.
   */
  readonly validityMs?: number;
  readonly signal?: AbortSignal;
}

export interface SubmitResult {
  readonly messageId: string;
  readonly reference: string | undefined;
}

export interface DeliveryReceipt extends ReceiptOrigin {
  readonly messageId: string;
  readonly status: ReceiptStatus;
  /** When the SMSC reached the final state; the arrival time if the receipt had no usable date. */
  readonly doneAt: Date;
  readonly errorCode: string | null;
  /** The reference given to submit(), when this client sent the message and still remembers it. */
  readonly reference: string | undefined;
}

export interface SmppClientEvents {
  state: [ConnectionState];
  receipt: [DeliveryReceipt];
  reconnecting: [{ attempt: number; delayMs: number }];
  bindRejected: [{ commandStatus: number }];
}

interface QueuedSubmit {
  readonly fields: PduFields;
  readonly reference: string | undefined;
  readonly resolve: (result: SubmitResult) => void;
  readonly reject: (error: SubmitError) => void;
  readonly dispose: () => void;
}

/**
 * SMPP 3.4 transceiver client. It does not rate-limit: the caller paces submits,
 * this client only bounds how many are unanswered at once (the window) and queues
 * the rest in FIFO order until a slot frees up or the connection is back.
 */
export class SmppClient extends EventEmitter<SmppClientEvents> {
  readonly windowSize: number;
  readonly #link: SmppLink;
  readonly #source: SourceAddress;
  readonly #queueTimeoutMs: number;
  readonly #logger: Logger;
  readonly #queue = new Set<QueuedSubmit>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #references: RecentMap<string, string>;
  readonly #receiptHandler: ((receipt: DeliveryReceipt) => Promise<void>) | undefined;
  #closed = false;

  constructor(options: SmppClientOptions) {
    super();
    this.windowSize = options.windowSize ?? 10;
    if (!Number.isInteger(this.windowSize) || this.windowSize < 1)
      throw new Error('windowSize must be an integer >= 1');
    this.#source = toSourceAddress(options.sourceAddr);
    this.#queueTimeoutMs = options.queueTimeoutMs ?? 30_000;
    this.#logger = options.logger ?? silentLogger;
    this.#references = new RecentMap(options.referenceCacheSize ?? 100_000);
    this.#receiptHandler = options.receiptHandler;
    this.#link = new SmppLink({
      host: options.host,
      port: options.port,
      systemId: options.systemId,
      password: options.password,
      systemType: options.systemType ?? '',
      enquireLinkIntervalMs: options.enquireLinkIntervalMs ?? 30_000,
      responseTimeoutMs: options.responseTimeoutMs ?? 10_000,
      backoff: { ...defaultBackoff, ...options.reconnect },
      random: options.random ?? Math.random,
      logger: this.#logger,
    });
    this.#link.on('state', (state) => {
      this.emit('state', state);
      if (state === 'bound') this.#pump();
    });
    this.#link.on('reconnecting', (info) => this.emit('reconnecting', info));
    this.#link.on('bindRejected', (info) => this.emit('bindRejected', info));
    this.#link.on('deliver', (pdu, respond) => {
      this.#onDeliver(pdu, respond);
    });
  }

  get state(): ConnectionState {
    return this.#closed ? 'closed' : this.#link.state;
  }

  /** submit_sm sent and not yet answered (never more than windowSize). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Submits waiting for a window slot or a bound session. */
  get queued(): number {
    return this.#queue.size;
  }

  /** Connects and binds; reconnects by itself until close(). */
  start(): void {
    if (!this.#closed) this.#link.start();
  }

  /** Resolves once bound, or rejects after timeoutMs. */
  waitUntilBound(timeoutMs = 10_000): Promise<void> {
    if (this.state === 'bound') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onState = (state: ConnectionState): void => {
        if (state === 'connecting') return;
        clearTimeout(timer);
        this.off('state', onState);
        if (state === 'bound') resolve();
        else reject(new Error('client closed before binding'));
      };
      const timer = setTimeout(() => {
        this.off('state', onState);
        reject(new Error(`not bound within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('state', onState);
    });
  }

  /** Resolves with the SMSC message_id, or rejects with a SubmitError. */
  submit(request: SubmitRequest): Promise<SubmitResult> {
    if (this.#closed) return Promise.reject(SubmitError.notSent('closed', 'client closed'));
    if (request.signal?.aborted === true) return Promise.reject(SubmitError.notSent('aborted', 'aborted'));
    let fields: PduFields;
    try {
      fields = {
        ...this.#source,
        dest_addr_ton: 1, // international
        dest_addr_npi: 1, // ISDN (E.164)
        destination_addr: toSmppNumber(request.to),
        registered_delivery: 1, // receipt on success and on failure
        ...(request.validityMs === undefined ? {} : { validity_period: relativeTime(request.validityMs) }),
        ...textFields(request.text),
      };
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<SubmitResult>((resolve, reject) => {
      const fail = (error: SubmitError): void => {
        entry.dispose();
        this.#queue.delete(entry);
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(
          SubmitError.notSent('queue_timeout', `no window slot on a bound session within ${this.#queueTimeoutMs} ms`),
        );
      }, this.#queueTimeoutMs);
      const onAbort = (): void => {
        fail(SubmitError.notSent('aborted', 'aborted before sending'));
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const entry: QueuedSubmit = {
        fields,
        reference: request.reference,
        resolve,
        reject: fail,
        dispose: () => {
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
        },
      };
      this.#queue.add(entry);
      this.#pump();
    });
  }

  /**
   * One enquire_link round trip on the bound session. The SMSC reads a session's PDUs in order, so once it has
   * answered, it has read every submit_sm this client wrote before: the caller learns what the SMSC has seen
   * without waiting on the clock (client.test.ts: nothing past the window was sent).
   */
  async enquireLink(): Promise<void> {
    await this.#link.request('enquire_link', {});
  }

  /** The reference given for a message this client sent, if still remembered. */
  referenceFor(messageId: string): string | undefined {
    return this.#references.get(messageId);
  }

  /** Fails queued submits, lets in-flight ones finish (bounded by responseTimeoutMs), unbinds. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const entry of [...this.#queue]) entry.reject(SubmitError.notSent('closed', 'client closed'));
    await Promise.allSettled([...this.#inFlight]);
    await this.#link.stop(); // emits the final 'closed' state
  }

  #pump(): void {
    while (!this.#closed && this.#link.state === 'bound' && this.#inFlight.size < this.windowSize) {
      const next = this.#queue.values().next();
      if (next.done === true) return;
      const entry = next.value;
      this.#queue.delete(entry);
      entry.dispose();
      const sending = this.#send(entry).finally(() => {
        this.#inFlight.delete(sending);
        this.#pump();
      });
      this.#inFlight.add(sending);
    }
  }

  async #send(entry: QueuedSubmit): Promise<void> {
    let response: PDU;
    try {
      response = await this.#link.request('submit_sm', entry.fields);
    } catch (error) {
      entry.reject(toSubmitError(error));
      return;
    }
    if (response.command_status !== SmppStatus.ESME_ROK) {
      entry.reject(SubmitError.fromStatus(response.command_status));
      return;
    }
    const messageId = response.message_id ?? '';
    if (messageId === '') {
      entry.reject(SubmitError.unknownOutcome('connection_lost', 'submit_sm_resp without message_id'));
      return;
    }
    if (entry.reference !== undefined) this.#references.set(messageId, entry.reference);
    entry.resolve({ messageId, reference: entry.reference });
  }

  #onDeliver(pdu: PDU, respond: Responder): void {
    const parsed = receiptFromPdu(pdu);
    if (parsed === null) {
      // Mobile-originated text (e.g. a reply): not used yet, but it must be acknowledged.
      this.#logger.debug({ from: pdu.source_addr }, 'smpp: deliver_sm that is not a receipt');
      respond();
      return;
    }
    const receipt: DeliveryReceipt = {
      messageId: parsed.messageId,
      status: parsed.status,
      doneAt: parsed.doneAt ?? new Date(),
      errorCode: parsed.errorCode,
      reference: this.#references.get(parsed.messageId),
      ...receiptOrigin(pdu),
    };
    // A temporary application error (0x64) makes the SMSC deliver the receipt again later,
    // rather than it being lost because a listener or the handler failed.
    const refuse = (error: unknown): void => {
      this.#logger.error(
        { err: error, messageId: receipt.messageId },
        'smpp: receipt not taken, the SMSC will send it again',
      );
      respond({ command_status: SmppStatus.ESME_RX_T_APPN });
    };
    try {
      this.emit('receipt', receipt);
    } catch (error) {
      refuse(error);
      return;
    }
    if (this.#receiptHandler === undefined) {
      respond();
      return;
    }
    this.#receiptHandler(receipt).then(() => {
      respond();
    }, refuse);
  }
}

function toSubmitError(error: unknown): SubmitError {
  if (error instanceof LinkRequestError) {
    if (error.failure === 'timeout') return SubmitError.unknownOutcome('response_timeout', error.message);
    if (error.failure === 'connection_lost') return SubmitError.unknownOutcome('connection_lost', error.message);
    return new SubmitError('transient', 'connection_lost', error.message, null, false);
  }
  return SubmitError.unknownOutcome('connection_lost', error instanceof Error ? error.message : String(error));
}
