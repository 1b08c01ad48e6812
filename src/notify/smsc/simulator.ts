import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type PDU, type Server, type Session } from 'smpp';
import { silentLogger, type Logger } from '../smpp/logger.ts';
import { decodedText } from '../smpp/pdu-text.ts';
import type { ReceiptStatus } from '../smpp/receipt.ts';
import { SmppStatus } from '../smpp/status.ts';
import { ScaledClock, type SimClock, type Timer } from './clock.ts';
import { defaultSimulatorConfig, mergeConfig, type SimulatorConfig, type SimulatorConfigPatch } from './config.ts';
import { sampleDeliveryDelay } from './latency.ts';
import { PhoneBook, type PhoneMessage, type PhoneSummary } from './phones.ts';
import { ReceiptDispatcher, type Address } from './receipts.ts';
import { SmscSession, type BindType, type SessionStats } from './session.ts';
import { TokenBucket } from './token-bucket.ts';

export interface SimulatorStats {
  /** submit_sm accepted with a message_id. */
  readonly submitted: number;
  readonly delivered: number;
  /** Accepted, then UNDELIV or EXPIRED. */
  readonly failed: number;
  /** Accepted and not yet final (e.g. in the 50-minute tail). */
  readonly pending: number;
  readonly throttled: number;
  readonly rejected: number;
  readonly bindsRefused: number;
  readonly receiptsSent: number;
  /** Answered by the ESME with an error; each is sent again 5 s later. */
  readonly receiptsRefused: number;
  readonly receiptsQueued: number;
  readonly receiptsDropped: number;
  readonly sessions: readonly SessionStats[];
}

/** Everything the platform (e.g. the "simulated phones" page) may read or change while it runs. */
export interface SimulatorControl {
  getConfig(): SimulatorConfig;
  /** Validates and applies a partial change; throws SimulatorConfigError and keeps the old config. */
  update(patch: SimulatorConfigPatch): SimulatorConfig;
  messagesFor(e164: string): readonly PhoneMessage[];
  allPhones(): readonly PhoneSummary[];
  stats(): SimulatorStats;
}

export interface SimulatorOptions {
  /** Default 2775, the registered SMPP port; 0 picks a free one. */
  readonly port?: number;
  /** Default loopback: the simulator has no business on a public interface. */
  readonly host?: string;
  readonly config?: SimulatorConfigPatch;
  /** Default: a ScaledClock following config.timeScale. */
  readonly clock?: SimClock;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly maxPhones?: number;
  readonly messagesPerPhone?: number;
  readonly maxQueuedReceipts?: number;
}

export interface RunningSimulator {
  readonly port: number;
  readonly control: SimulatorControl;
  close(): Promise<void>;
}

// A deliberately loose check: what no SMSC would route (see toSmppNumber in the client).
const ROUTABLE = /^[1-9][0-9]{6,14}$/;

/** An SMSC over real SMPP 3.4 that injects delay, throttling, rejections and outages. */
export class SmscSimulator implements SimulatorControl {
  readonly #server: Server;
  readonly #clock: SimClock;
  readonly #random: () => number;
  readonly #logger: Logger;
  readonly #phones: PhoneBook;
  readonly #receipts: ReceiptDispatcher;
  readonly #sessions = new Set<SmscSession>();
  readonly #timers = new Set<Timer>();
  readonly #bucket: TokenBucket;
  readonly #idPrefix = randomBytes(4).toString('hex');
  #config: SimulatorConfig;
  #closing: Promise<void> | null = null;
  #nextSessionId = 1;
  #nextMessageId = 1;
  #counts = { submitted: 0, delivered: 0, failed: 0, throttled: 0, rejected: 0, bindsRefused: 0 };

  constructor(options: SimulatorOptions = {}) {
    this.#config = mergeConfig(defaultSimulatorConfig, options.config ?? {});
    this.#clock = options.clock ?? new ScaledClock(this.#config.timeScale);
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? silentLogger;
    this.#phones = new PhoneBook(options.maxPhones, options.messagesPerPhone);
    this.#bucket = new TokenBucket(this.#config.tps, this.#clock.now());
    this.#receipts = new ReceiptDispatcher({
      receivers: (systemId) => [...this.#sessions].filter((s) => s.canReceive && s.systemId === systemId),
      schedule: (delayMs, callback) => {
        this.#schedule(delayMs, callback);
      },
      logger: this.#logger,
      maxQueued: options.maxQueuedReceipts ?? 100_000,
    });
    this.#server = createServer((session) => {
      this.#accept(session);
    });
  }

  listen(port = 2775, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve((this.#server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening, drops every session and cancels pending deliveries. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const timer of this.#timers) timer.cancel();
      this.#timers.clear();
      this.#server.close(() => {
        resolve();
      });
      for (const s of this.#sessions) s.session.destroy();
    });
    return this.#closing;
  }

  getConfig(): SimulatorConfig {
    return structuredClone(this.#config);
  }

  update(patch: SimulatorConfigPatch): SimulatorConfig {
    const next = mergeConfig(this.#config, patch);
    const wasOut = this.#config.outage;
    this.#config = next;
    this.#bucket.setRate(next.tps, this.#clock.now());
    this.#clock.setScale?.(next.timeScale);
    if (next.outage && !wasOut) {
      this.#logger.warn({}, 'smsc: outage on, dropping every session');
      for (const s of this.#sessions) s.session.destroy();
    }
    this.#logger.info({ changed: Object.keys(patch) }, 'smsc: configuration updated');
    return this.getConfig();
  }

  messagesFor(e164: string): readonly PhoneMessage[] {
    return this.#phones.messagesFor(e164);
  }

  allPhones(): readonly PhoneSummary[] {
    return this.#phones.allPhones();
  }

  stats(): SimulatorStats {
    const c = this.#counts;
    return {
      ...c,
      pending: c.submitted - c.delivered - c.failed,
      receiptsSent: this.#receipts.sent,
      receiptsRefused: this.#receipts.refused,
      receiptsQueued: this.#receipts.queued,
      receiptsDropped: this.#receipts.dropped,
      sessions: [...this.#sessions].map((s) => s.stats()),
    };
  }

  #accept(session: Session): void {
    const s = new SmscSession(this.#nextSessionId++, session, this.#clock.now());
    this.#sessions.add(s);
    session.on('error', (error) => {
      this.#logger.debug({ err: error, session: s.id }, 'smsc: session error');
      session.destroy();
    });
    session.on('close', () => {
      this.#sessions.delete(s);
      this.#receipts.sessionClosed(s);
    });
    session.on('pdu', (pdu) => {
      this.#onPdu(s, pdu);
    });
  }

  #onPdu(s: SmscSession, pdu: PDU): void {
    if (pdu.isResponse()) return; // deliver_sm_resp is handled by the send() callback
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        this.#bind(s, pdu, pdu.command.slice('bind_'.length) as BindType);
        return;
      case 'enquire_link':
        s.enquireLinks += 1;
        s.respond(pdu);
        return;
      case 'unbind':
        s.unbound(); // no more receipts for it from now on
        s.respond(pdu, {}, () => {
          s.session.close();
        });
        return;
      case 'submit_sm':
        this.#submit(s, pdu);
        return;
      default:
        s.respond(pdu, { command_status: SmppStatus.ESME_RINVCMDID });
    }
  }

  #bind(s: SmscSession, pdu: PDU, bindType: BindType): void {
    const { systemId, password, outage } = this.#config;
    let status: number = SmppStatus.ESME_ROK;
    if (outage) status = SmppStatus.ESME_RBINDFAIL;
    else if (s.bindType !== null) status = SmppStatus.ESME_RALYBND;
    else if (pdu.system_id !== systemId) status = SmppStatus.ESME_RINVSYSID;
    else if (pdu.password !== password) status = SmppStatus.ESME_RINVPASWD;
    if (status !== SmppStatus.ESME_ROK) {
      this.#counts.bindsRefused += 1;
      this.#logger.info({ session: s.id, systemId: pdu.system_id, status }, 'smsc: bind refused');
      // Refused binds get their answer and then the door: a real SMSC does not keep them.
      s.respond(pdu, { command_status: status }, () => {
        if (s.bindType === null) s.session.close();
      });
      return;
    }
    s.bound(systemId, bindType, this.#clock.now());
    s.respond(pdu, { system_id: 'SalusSMSC' });
    this.#logger.info({ session: s.id, systemId, bindType }, 'smsc: bound');
    if (s.canReceive) this.#receipts.drain(systemId);
  }

  #submit(s: SmscSession, pdu: PDU): void {
    s.submitReceived();
    const config = this.#config;
    const now = this.#clock.now();
    let status: number = SmppStatus.ESME_ROK;
    const to = pdu.destination_addr ?? '';
    if (!s.canTransmit) status = SmppStatus.ESME_RINVBNDSTS;
    // The random throttle goes first so that it does not spend the per-second budget.
    else if ((config.throttleRate > 0 && this.#random() < config.throttleRate) || !this.#bucket.tryTake(now)) {
      status = SmppStatus.ESME_RTHROTTLED;
    } else if (!ROUTABLE.test(to) || config.rejectPrefixes.some((prefix) => to.startsWith(prefix))) {
      status = SmppStatus.ESME_RINVDSTADR;
    }
    if (status !== SmppStatus.ESME_ROK) {
      if (status === SmppStatus.ESME_RTHROTTLED) {
        s.throttled += 1;
        this.#counts.throttled += 1;
      }
      if (status === SmppStatus.ESME_RINVDSTADR) {
        s.rejected += 1;
        this.#counts.rejected += 1;
      }
      this.#afterResponseDelay(() => {
        s.respondSubmit(pdu, { command_status: status });
      });
      return;
    }
    const messageId = `${this.#idPrefix}${(this.#nextMessageId++).toString(16).padStart(8, '0')}`;
    s.submitted += 1;
    this.#counts.submitted += 1;
    this.#scheduleDelivery(s.systemId ?? '', pdu, messageId, now);
    // Accepted before answering: if the connection drops in between, the message still
    // goes out, which is exactly the ambiguity a real ESME has to live with.
    this.#afterResponseDelay(() => {
      s.respondSubmit(pdu, { message_id: messageId });
    });
  }

  #scheduleDelivery(systemId: string, pdu: PDU, messageId: string, submittedAt: number): void {
    const config = this.#config;
    const handset: Address = {
      addr: pdu.destination_addr ?? '',
      ton: pdu.dest_addr_ton ?? 1,
      npi: pdu.dest_addr_npi ?? 1,
    };
    const sender: Address = {
      addr: pdu.source_addr ?? '',
      ton: pdu.source_addr_ton ?? 0,
      npi: pdu.source_addr_npi ?? 0,
    };
    const text = decodedText(pdu.message_payload ?? pdu.short_message);
    // registered_delivery bits 0-1: 1 = receipt on success or failure, 2 = on failure only.
    const receiptMode = (pdu.registered_delivery ?? 0) & 0x03;
    const delayMs = sampleDeliveryDelay(config.delivery, this.#random);
    // The ESME's validity_period wins when it is shorter than the SMSC's own limit.
    const expireAfterMs = Math.min(config.expireAfterMs, validityMs(pdu.validity_period) ?? Infinity);
    let status: ReceiptStatus = 'DELIVRD';
    if (config.undeliverablePrefixes.some((prefix) => handset.addr.startsWith(prefix))) status = 'UNDELIV';
    else if (delayMs > expireAfterMs) status = 'EXPIRED';
    this.#schedule(status === 'EXPIRED' ? expireAfterMs : delayMs, () => {
      const doneAt = this.#clock.now();
      if (status === 'DELIVRD') {
        this.#counts.delivered += 1;
        this.#phones.deliver({
          id: messageId,
          from: sender.addr,
          to: handset.addr,
          text,
          submittedAt,
          deliveredAt: doneAt,
        });
      } else {
        this.#counts.failed += 1;
      }
      if (receiptMode === 1 || (receiptMode === 2 && status !== 'DELIVRD')) {
        const facts = { messageId, status, submittedAt, doneAt, text };
        this.#schedule(this.#config.receiptDelayMs, () => {
          this.#receipts.enqueue({ systemId, handset, sender, facts });
        });
      }
    });
  }

  #afterResponseDelay(respond: () => void): void {
    if (this.#config.submitResponseDelayMs === 0) respond();
    else this.#schedule(this.#config.submitResponseDelayMs, respond);
  }

  #schedule(delayMs: number, callback: () => void): void {
    const timer = this.#clock.setTimer(delayMs, () => {
      this.#timers.delete(timer);
      callback();
    });
    this.#timers.add(timer);
  }
}

/**
 * The validity_period of a submit_sm as a duration, or null when absent. The smpp package
 * has already turned it into a wall-clock Date (relative ones from "now"); the simulator
 * takes the difference as simulated milliseconds, so a time scale shortens it like any delay.
 */
function validityMs(value: string | Date | undefined): number | null {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return null;
  return Math.max(0, Math.round((value.getTime() - Date.now()) / 1_000) * 1_000);
}

/** Starts a simulator and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = new SmscSimulator(options);
  const port = await simulator.listen(options.port ?? 2775, options.host ?? '127.0.0.1');
  return { port, control: simulator, close: () => simulator.close() };
}
