import { describe, expect, it } from 'vitest';
import { formatReceiptText } from '../smsc/receipt-text.ts';
import { isDeliveryReceipt, parseReceiptDate, parseReceiptText, receiptFromPdu, receiptOrigin } from './receipt.ts';

const APPENDIX_B =
  'id:0123456789 sub:001 dlvrd:001 submit date:2102151030 done date:2102151120 ' +
  'stat:DELIVRD err:000 text:Codice Salus 4829';

describe('delivery receipts', () => {
  it('parses the SMPP 3.4 Appendix B text', () => {
    expect(parseReceiptText(APPENDIX_B)).toEqual({
      id: '0123456789',
      sub: '001',
      dlvrd: '001',
      'submit date': '2102151030',
      'done date': '2102151120',
      stat: 'DELIVRD',
      err: '000',
    });
  });

  it('ignores fields inside the echoed text', () => {
    const fields = parseReceiptText('id:1 done date:2102151120 stat:UNDELIV err:027 text:stat:DELIVRD id:2');
    expect(fields).toMatchObject({ id: '1', stat: 'UNDELIV' });
  });

  it('reads done dates with and without seconds, as UTC, and refuses nonsense', () => {
    expect(parseReceiptDate('2102151120')?.toISOString()).toBe('2021-02-15T11:20:00.000Z');
    expect(parseReceiptDate('210215112059')?.toISOString()).toBe('2021-02-15T11:20:59.000Z');
    expect(parseReceiptDate('2113151120')).toBeNull(); // month 13
    expect(parseReceiptDate('2102301120')).toBeNull(); // 30 February
    expect(parseReceiptDate('yesterday')).toBeNull();
    expect(parseReceiptDate(undefined)).toBeNull();
  });

  it('recognises the receipt message type in esm_class and nothing else', () => {
    expect(isDeliveryReceipt(0x04)).toBe(true);
    expect(isDeliveryReceipt(0x44)).toBe(true); // with the UDH indicator bit
    expect(isDeliveryReceipt(0x00)).toBe(false); // a text from a phone
    expect(isDeliveryReceipt(0x08)).toBe(false); // SME delivery acknowledgement
    expect(isDeliveryReceipt(undefined)).toBe(false);
  });

  it('prefers the receipted_message_id and message_state TLVs over the text', () => {
    const receipt = receiptFromPdu({
      esm_class: 0x04,
      short_message: { message: APPENDIX_B },
      receipted_message_id: 'abc',
      message_state: 5,
    });
    expect(receipt).toEqual({
      messageId: 'abc',
      status: 'UNDELIV',
      doneAt: new Date('2021-02-15T11:20:00Z'),
      errorCode: '000',
    });
  });

  it('falls back to the text, maps odd stat values to UNKNOWN, and needs an id', () => {
    expect(receiptFromPdu({ esm_class: 0x04, short_message: 'id:9 stat:weird' })).toMatchObject({
      messageId: '9',
      status: 'UNKNOWN',
      doneAt: null,
      errorCode: null,
    });
    expect(receiptFromPdu({ esm_class: 0x04, short_message: 'stat:DELIVRD' })).toBeNull();
    expect(receiptFromPdu({ esm_class: 0x00, short_message: APPENDIX_B })).toBeNull();
  });

  it('reads what the simulator writes', () => {
    const text = formatReceiptText({
      messageId: 'a1b2',
      status: 'EXPIRED',
      submittedAt: Date.UTC(2021, 1, 15, 9, 0, 5),
      doneAt: Date.UTC(2021, 1, 17, 9, 0, 7),
      text: 'Il tuo codice è 123456, valido 10 minuti',
    });
    expect(text).toBe(
      'id:a1b2 sub:001 dlvrd:000 submit date:210215090005 done date:210217090007 ' +
        'stat:EXPIRED err:069 text:Il tuo codice è 1234',
    );
    expect(receiptFromPdu({ esm_class: 0x04, short_message: text })).toEqual({
      messageId: 'a1b2',
      status: 'EXPIRED',
      doneAt: new Date(Date.UTC(2021, 1, 17, 9, 0, 7)),
      errorCode: '069',
    });
  });

  it('tells the handset, submit date and echoed text, to recognise a message without its id', () => {
    expect(receiptOrigin({ esm_class: 0x04, source_addr: '393331234567', short_message: APPENDIX_B })).toEqual({
      destination: '393331234567',
      submittedAt: new Date('2021-02-15T10:30:00Z'),
      textPrefix: 'Codice Salus 4829',
    });
    expect(receiptOrigin({ esm_class: 0x04, short_message: 'id:9 stat:DELIVRD' })).toEqual({
      destination: '',
      submittedAt: null,
      textPrefix: null,
    });
  });
});
