import { EventEmitter } from 'node:events';
import { connect, PDU, type PduCommand, type PduFields, type Session } from 'smpp';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import type { Logger } from './logger.ts';
import { describeStatus, SmppStatus } from './status.ts';

export type ConnectionState = 'connecting' | 'bound' | 'closed';

export interface LinkOptions {
  readonly host: string;
  readonly port: number;
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
  readonly enquireLinkIntervalMs: number;
  readonly responseTimeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly random: () => number;
  readonly logger: Logger;
}

export interface LinkEvents {
  state: [ConnectionState];
  reconnecting: [{ attempt: number; delayMs: number }];
  bindRejected: [{ commandStatus: number }];
  /** A deliver_sm from the SMSC; the listener must answer it through `respond`, on the session it came from. */
  deliver: [PDU, Responder];
}

/** Answers one received PDU on the session it arrived on (a no-op once that session is gone). */
export type Responder = (fields?: PduFields) => void;

/** Why request() failed: no answer in time, the connection dropped after sending, or nothing was sent. */
export type LinkFailure = 'timeout' | 'connection_lost' | 'not_sent';

export class LinkRequestError extends Error {
  readonly failure: LinkFailure;
  constructor(failure: LinkFailure, message: string) {
    super(message);
    this.name = 'LinkRequestError';
    this.failure = failure;
  }
}

interface Pending {
  readonly resolve: (pdu: PDU) => void;
  readonly reject: (error: LinkRequestError) => void;
  readonly timer: NodeJS.Timeout;
}

// SMPP 3.4 is interface_version 0x34; the package defaults to 0x50 (SMPP 5.0).
const INTERFACE_VERSION_34 = 0x34;

/**
 * One bind_transceiver session that keeps itself alive: enquire_link on an interval,
 * and after any disconnect a new connection with exponential backoff. A request that
 * gets no response within responseTimeoutMs is taken as a dead link and the socket is
 * dropped, which fails every outstanding request and frees the caller's window.
 */
export class SmppLink extends EventEmitter<LinkEvents> {
  readonly #options: LinkOptions;
  #state: ConnectionState = 'closed';
  #session: Session | null = null;
  #pending = new Map<number, Pending>();
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #enquireTimer: NodeJS.Timeout | null = null;
  #stopping = false;

  constructor(options: LinkOptions) {
    super();
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  start(): void {
    if (this.#state !== 'closed' || this.#stopping) return;
    this.#connect();
  }

  /** Sends a request on the bound session and resolves with its response PDU (any command_status). */
  request(command: PduCommand, fields: PduFields): Promise<PDU> {
    const session = this.#session;
    if (session === null || this.#state !== 'bound') {
      return Promise.reject(new LinkRequestError('not_sent', 'not bound'));
    }
    return this.#send(session, command, fields);
  }

  respond(request: PDU, fields: PduFields = {}): void {
    this.#session?.send(request.response(fields));
  }

  /** Unbinds politely (waiting up to responseTimeoutMs for unbind_resp), then closes for good. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const session = this.#session;
    if (session !== null) {
      if (this.#state === 'bound') await this.#send(session, 'unbind', {}).catch(() => undefined);
      if (!session.socket.destroyed)
        await new Promise<void>((resolve) => {
          session.destroy(resolve);
        });
    }
    this.#setState('closed');
  }

  #connect(): void {
    this.#setState('connecting');
    const { host, port, logger } = this.#options;
    const session = connect({ host, port });
    this.#session = session;
    session.on('error', (error) => {
      logger.debug({ err: error, host, port }, 'smpp: socket error');
      session.destroy();
    });
    session.on('close', () => {
      this.#onClose(session);
    });
    session.on('connect', () => {
      void this.#bind(session);
    });
    session.on('pdu', (pdu) => {
      this.#onRequest(pdu);
    });
  }

  async #bind(session: Session): Promise<void> {
    const { systemId, password, systemType, logger } = this.#options;
    const fields = { system_id: systemId, password, system_type: systemType, interface_version: INTERFACE_VERSION_34 };
    const response = await this.#send(session, 'bind_transceiver', fields).catch(() => null);
    if (response === null || session !== this.#session) return;
    if (response.command_status !== SmppStatus.ESME_ROK) {
      logger.warn({ status: describeStatus(response.command_status), systemId }, 'smpp: bind rejected');
      this.emit('bindRejected', { commandStatus: response.command_status });
      session.destroy();
      return;
    }
    this.#attempt = 0;
    this.#enquireTimer = setInterval(() => {
      this.#send(session, 'enquire_link', {}).catch(() => undefined);
    }, this.#options.enquireLinkIntervalMs);
    logger.info({ host: this.#options.host, port: this.#options.port, systemId }, 'smpp: bound');
    this.#setState('bound');
  }

  #onRequest(pdu: PDU): void {
    if (pdu.isResponse()) return; // answered through the send() callback
    switch (pdu.command) {
      case 'enquire_link':
        this.respond(pdu);
        return;
      case 'unbind':
        this.respond(pdu);
        this.#session?.close();
        return;
      case 'deliver_sm': {
        // Bound to this session: an answer given after a reconnection must not reach the
        // new session, where its sequence number means something else.
        const session = this.#session;
        this.emit('deliver', pdu, (fields = {}) => {
          session?.send(pdu.response(fields));
        });
        return;
      }
      default:
        this.respond(pdu, { command_status: SmppStatus.ESME_RINVCMDID });
    }
  }

  #send(session: Session, command: PduCommand, fields: PduFields): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const pdu = new PDU(command, fields);
      const sent = session.send(pdu, (response) => {
        const pending = this.#pending.get(response.sequence_number);
        if (pending === undefined) return;
        clearTimeout(pending.timer);
        this.#pending.delete(response.sequence_number);
        pending.resolve(response);
      });
      if (!sent) {
        reject(new LinkRequestError('not_sent', `${command} not sent: socket closed`));
        return;
      }
      const sequence = pdu.sequence_number;
      const timer = setTimeout(() => {
        this.#pending.delete(sequence);
        reject(new LinkRequestError('timeout', `no ${command}_resp within ${this.#options.responseTimeoutMs} ms`));
        this.#options.logger.warn({ command, sequence }, 'smpp: response timeout, dropping the connection');
        session.destroy();
      }, this.#options.responseTimeoutMs);
      this.#pending.set(sequence, { resolve, reject, timer });
    });
  }

  #onClose(session: Session): void {
    if (session !== this.#session) return;
    this.#session = null;
    if (this.#enquireTimer) clearInterval(this.#enquireTimer);
    this.#enquireTimer = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(new LinkRequestError('connection_lost', 'connection closed before the response'));
    }
    if (this.#stopping) {
      this.#setState('closed');
      return;
    }
    const delayMs = backoffDelay(this.#attempt, this.#options.backoff, this.#options.random);
    this.#attempt += 1;
    this.#options.logger.info({ attempt: this.#attempt, delayMs }, 'smpp: disconnected, reconnecting');
    this.#setState('connecting');
    this.emit('reconnecting', { attempt: this.#attempt, delayMs });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#stopping) this.#connect();
    }, delayMs);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
