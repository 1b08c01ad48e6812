import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, proxyTrust } from './proxy.ts';

describe('proxyTrust', () => {
  it('trusts nobody without entries', () => {
    const trust = proxyTrust([]);
    for (const peer of ['127.0.0.1', '::1', '10.0.0.1', undefined]) expect(trust(peer)).toBe(false);
  });

  it('trusts exactly the listed addresses and ranges, also as IPv4-mapped IPv6 peers', () => {
    const trust = proxyTrust(parseTrustedProxies('10.0.0.5,192.168.4.0/24,fd00::/8').entries);
    expect(trust('10.0.0.5')).toBe(true);
    expect(trust('::ffff:10.0.0.5')).toBe(true);
    expect(trust('10.0.0.6')).toBe(false);
    expect(trust('192.168.4.200')).toBe(true);
    expect(trust('192.168.5.1')).toBe(false);
    expect(trust('fd12::1')).toBe(true);
    expect(trust('fe80::1')).toBe(false);
    expect(trust('not-an-address')).toBe(false);
    expect(trust(undefined)).toBe(false);
  });
});
