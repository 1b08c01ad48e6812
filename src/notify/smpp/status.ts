/** SMPP 3.4 command_status values (spec section 5.1.3) that the client and simulator use. */
export const SmppStatus = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RINVREGDLVFLG: 0x07,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVESMCLASS: 0x43,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVSRCTON: 0x48,
  ESME_RINVSRCNPI: 0x49,
  ESME_RINVDSTTON: 0x50,
  ESME_RINVDSTNPI: 0x51,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVSCHED: 0x61,
  ESME_RINVEXPIRY: 0x62,
  ESME_RX_T_APPN: 0x64,
  ESME_RINVTLVLEN: 0xc2,
  ESME_RINVTLVVAL: 0xc4,
  ESME_RINVDCS: 0x0104,
} as const;

export type SmppStatusName = keyof typeof SmppStatus;

const names = new Map<number, SmppStatusName>(
  (Object.entries(SmppStatus) as [SmppStatusName, number][]).map(([name, code]) => [code, name]),
);

/** "ESME_RTHROTTLED (0x58)", or just the hex code for statuses we do not name. */
export function describeStatus(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  const name = names.get(code);
  return name === undefined ? hex : `${name} (${hex})`;
}

/**
 * How the sender should treat a failed submit_sm.
 * - throttled: the SMSC is busy; retry later, ideally slower.
 * - permanent: the message itself is wrong (bad number, bad encoding); retrying cannot help.
 * - transient: anything else; a retry may succeed.
 */
export type FailureKind = 'throttled' | 'permanent' | 'transient';

// ESME_RMSGQFUL (0x14) means the SMSC's queue for us is full: the same remedy as throttling.
const throttled = new Set<number>([SmppStatus.ESME_RTHROTTLED, SmppStatus.ESME_RMSGQFUL]);

// Statuses that describe the request, not the SMSC's condition: resending the same PDU
// will be rejected the same way.
const permanent = new Set<number>([
  SmppStatus.ESME_RINVMSGLEN,
  SmppStatus.ESME_RINVREGDLVFLG,
  SmppStatus.ESME_RINVSRCADR,
  SmppStatus.ESME_RINVDSTADR,
  SmppStatus.ESME_RINVESMCLASS,
  SmppStatus.ESME_RINVSRCTON,
  SmppStatus.ESME_RINVSRCNPI,
  SmppStatus.ESME_RINVDSTTON,
  SmppStatus.ESME_RINVDSTNPI,
  SmppStatus.ESME_RINVSCHED,
  SmppStatus.ESME_RINVEXPIRY,
  SmppStatus.ESME_RINVTLVLEN,
  SmppStatus.ESME_RINVTLVVAL,
  SmppStatus.ESME_RINVDCS,
]);

export function classifyStatus(code: number): FailureKind {
  if (throttled.has(code)) return 'throttled';
  if (permanent.has(code)) return 'permanent';
  return 'transient';
}
