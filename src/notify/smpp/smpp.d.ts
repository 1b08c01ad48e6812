/**
 * Minimal types for the `smpp` npm package (v0.5, plain CommonJS without types).
 * Only what src/notify uses is declared; the package sets PDU fields as plain
 * properties, so a PDU is typed as the fields we read or write.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** short_message / message_payload after the package's decode filter. */
  export interface DecodedMessage {
    readonly message: string | Buffer;
    readonly udh?: readonly Buffer[];
  }

  export type PduCommand =
    | 'bind_transceiver'
    | 'bind_transceiver_resp'
    | 'bind_transmitter'
    | 'bind_transmitter_resp'
    | 'bind_receiver'
    | 'bind_receiver_resp'
    | 'submit_sm'
    | 'submit_sm_resp'
    | 'deliver_sm'
    | 'deliver_sm_resp'
    | 'enquire_link'
    | 'enquire_link_resp'
    | 'unbind'
    | 'unbind_resp'
    | 'generic_nack';

  /** Mandatory parameters and TLVs this project reads or writes. */
  export interface PduFields {
    command_status?: number;
    sequence_number?: number;
    system_id?: string;
    password?: string;
    system_type?: string;
    interface_version?: number;
    service_type?: string;
    source_addr_ton?: number;
    source_addr_npi?: number;
    source_addr?: string;
    dest_addr_ton?: number;
    dest_addr_npi?: number;
    destination_addr?: string;
    esm_class?: number;
    registered_delivery?: number;
    /** Sent as an SMPP time string; the package decodes a received one to a Date (wall clock). */
    validity_period?: string | Date;
    data_coding?: number | null;
    short_message?: string | Buffer | DecodedMessage;
    message_payload?: string | Buffer | DecodedMessage;
    message_id?: string;
    receipted_message_id?: string;
    message_state?: number;
  }

  export interface PDU extends PduFields {
    /** A PduCommand for the PDUs we handle, 'unknown' for unrecognised ids. */
    readonly command: string;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
  }
  export const PDU: new (command: PduCommand, options?: PduFields) => PDU;

  export interface SessionEventMap {
    connect: [];
    close: [];
    error: [Error];
    pdu: [PDU];
  }

  export class Session extends EventEmitter<SessionEventMap> {
    readonly socket: Socket;
    /** Returns false (and sends nothing) when the socket is no longer writable. */
    send(pdu: PDU, responseCallback?: (response: PDU) => void, sendCallback?: (sent: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export class Server extends NetServer {
    readonly sessions: Session[];
  }

  export function connect(options: { host: string; port: number }): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export type EncodingName = 'ASCII' | 'LATIN1' | 'UCS2';
  export interface TextCodec {
    encode(text: string): Buffer;
  }

  /** Reached through the default export: the package adds these in a loop Node cannot see as named exports. */
  const smpp: {
    readonly encodings: Readonly<Record<EncodingName, TextCodec>> & {
      detect(text: string): EncodingName | false;
    };
  };
  export default smpp;
}
