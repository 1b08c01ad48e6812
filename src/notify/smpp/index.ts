export { SmppClient } from './client.ts';
export type {
  ConnectionState,
  DeliveryReceipt,
  SmppClientEvents,
  SmppClientOptions,
  SubmitRequest,
  SubmitResult,
} from './client.ts';
export { SubmitError, type SubmitFailureReason } from './errors.ts';
export type { BackoffOptions } from './backoff.ts';
export type { Logger } from './logger.ts';
export type { ReceiptOrigin, ReceiptStatus } from './receipt.ts';
export { classifyStatus, describeStatus, SmppStatus, type FailureKind } from './status.ts';
