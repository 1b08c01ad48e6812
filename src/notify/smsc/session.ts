import type { PDU, PduFields, Session } from 'smpp';

export type BindType = 'transceiver' | 'transmitter' | 'receiver';

export interface SessionStats {
  readonly id: number;
  readonly remoteAddress: string;
  readonly systemId: string | null;
  readonly bindType: BindType | null;
  readonly connectedAt: number;
  readonly boundAt: number | null;
  readonly submitted: number;
  readonly throttled: number;
  readonly rejected: number;
  readonly receiptsSent: number;
  readonly enquireLinks: number;
  /** submit_sm received and not yet answered, now and at most. */
  readonly outstanding: number;
  readonly maxOutstanding: number;
}

/** One ESME connection to the simulator, with its counters. */
export class SmscSession {
  readonly id: number;
  readonly session: Session;
  readonly remoteAddress: string;
  readonly connectedAt: number;
  systemId: string | null = null;
  bindType: BindType | null = null;
  boundAt: number | null = null;
  submitted = 0;
  throttled = 0;
  rejected = 0;
  receiptsSent = 0;
  enquireLinks = 0;
  #outstanding = 0;
  #maxOutstanding = 0;

  constructor(id: number, session: Session, connectedAt: number) {
    this.id = id;
    this.session = session;
    this.connectedAt = connectedAt;
    this.remoteAddress = `${session.socket.remoteAddress ?? '?'}:${session.socket.remotePort ?? 0}`;
  }

  get canTransmit(): boolean {
    return this.bindType === 'transceiver' || this.bindType === 'transmitter';
  }

  get canReceive(): boolean {
    return this.bindType === 'transceiver' || this.bindType === 'receiver';
  }

  get isOpen(): boolean {
    return !this.session.socket.destroyed;
  }

  bound(systemId: string, bindType: BindType, at: number): void {
    this.systemId = systemId;
    this.bindType = bindType;
    this.boundAt = at;
  }

  unbound(): void {
    this.bindType = null;
  }

  /** Answers a request; `then` runs once the response is written (e.g. to close after a refusal). */
  respond(request: PDU, fields: PduFields = {}, then?: () => void): void {
    this.session.send(request.response(fields), undefined, then);
  }

  submitReceived(): void {
    this.#outstanding += 1;
    this.#maxOutstanding = Math.max(this.#maxOutstanding, this.#outstanding);
  }

  respondSubmit(request: PDU, fields: PduFields): void {
    this.#outstanding -= 1;
    if (this.isOpen) this.respond(request, fields);
  }

  stats(): SessionStats {
    return {
      id: this.id,
      remoteAddress: this.remoteAddress,
      systemId: this.systemId,
      bindType: this.bindType,
      connectedAt: this.connectedAt,
      boundAt: this.boundAt,
      submitted: this.submitted,
      throttled: this.throttled,
      rejected: this.rejected,
      receiptsSent: this.receiptsSent,
      enquireLinks: this.enquireLinks,
      outstanding: this.#outstanding,
      maxOutstanding: this.#maxOutstanding,
    };
  }
}
