import { describe, expect, it } from 'vitest';
import { smsName } from './sms-name.ts';

describe('smsName', () => {
  it('gives the given name and the initial of the surname', () => {
    expect(smsName('Maria', 'Brambilla')).toBe('Maria B.');
    expect(smsName('Elena Maria', 'de Luca')).toBe('Elena Maria D.');
    expect(smsName('Ion', ' ')).toBe('Ion');
  });
});
