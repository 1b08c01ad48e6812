import { classifyStatus, describeStatus, type FailureKind } from './status.ts';

/** Why a submit failed, finer than FailureKind, for logs and metrics labels. */
export type SubmitFailureReason =
  | 'smsc_status' // the SMSC answered submit_sm_resp with a non-zero command_status
  | 'invalid_request' // rejected locally before sending (e.g. not an E.164 number)
  | 'response_timeout' // sent, no submit_sm_resp in time
  | 'connection_lost' // sent, the connection dropped before the response
  | 'queue_timeout' // never sent: no bound session or window slot in time
  | 'aborted' // never sent: the caller's AbortSignal fired
  | 'closed'; // never sent: the client was closed

/**
 * The one error submit() rejects with. `kind` tells the caller what to do;
 * `maybeAccepted` tells whether the SMSC may have taken the message anyway
 * (true after a timeout or a dropped connection), so a retry could duplicate it.
 */
export class SubmitError extends Error {
  readonly kind: FailureKind;
  readonly reason: SubmitFailureReason;
  readonly commandStatus: number | null;
  readonly maybeAccepted: boolean;

  constructor(
    kind: FailureKind,
    reason: SubmitFailureReason,
    message: string,
    commandStatus: number | null,
    maybeAccepted: boolean,
  ) {
    super(message);
    this.name = 'SubmitError';
    this.kind = kind;
    this.reason = reason;
    this.commandStatus = commandStatus;
    this.maybeAccepted = maybeAccepted;
  }

  static fromStatus(code: number): SubmitError {
    return new SubmitError(
      classifyStatus(code),
      'smsc_status',
      `submit_sm refused: ${describeStatus(code)}`,
      code,
      false,
    );
  }

  static notSent(reason: 'queue_timeout' | 'aborted' | 'closed', message: string): SubmitError {
    return new SubmitError('transient', reason, message, null, false);
  }

  static unknownOutcome(reason: 'response_timeout' | 'connection_lost', message: string): SubmitError {
    return new SubmitError('transient', reason, message, null, true);
  }

  static invalid(message: string, commandStatus: number): SubmitError {
    return new SubmitError('permanent', 'invalid_request', message, commandStatus, false);
  }
}
