import { describe, expect, it } from 'vitest';
import { checkPhone, checkSmsCode, displayPhone, toE164 } from './phone.ts';

describe('mobile phone', () => {
  it('accepts Italian mobiles as people type them, and foreign numbers in E.164', () => {
    expect(toE164('333 000 0001')).toBe('+393330000001');
    expect(toE164('+39 333-000-0001')).toBe('+393330000001');
    expect(toE164('0039 3330000001')).toBe('+393330000001');
    expect(toE164('+41 79 123 45 67')).toBe('+41791234567');
    expect(checkPhone('(333) 000 0001')).toBe('ok');
  });

  it('flags a landline or letters at once, a short number only later', () => {
    expect(checkPhone('')).toBe('empty');
    expect(checkPhone('333 12')).toBe('incomplete');
    expect(checkPhone('+39')).toBe('incomplete');
    expect(checkPhone('02 1234 5678')).toBe('invalid');
    expect(checkPhone('+39 02 1234')).toBe('invalid');
    expect(checkPhone('333 000 00011')).toBe('invalid');
    expect(checkPhone('333 abc')).toBe('invalid');
    expect(checkPhone('+0 123')).toBe('invalid');
    expect(toE164('+39 02 1234 5678')).toBeNull();
  });
});

describe('SMS code', () => {
  it('wants exactly 6 digits', () => {
    expect(checkSmsCode('')).toBe('empty');
    expect(checkSmsCode('123')).toBe('incomplete');
    expect(checkSmsCode('123 456')).toBe('ok');
    expect(checkSmsCode('1234567')).toBe('invalid');
    expect(checkSmsCode('12a')).toBe('invalid');
  });
});

describe('displayPhone', () => {
  it('groups an Italian mobile for reading and leaves others as they are', () => {
    expect(displayPhone('+393330000001')).toBe('+39 333 000 0001');
    expect(displayPhone('+41791234567')).toBe('+41791234567');
  });
});
