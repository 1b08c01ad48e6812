import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.SALUS_DATA_DIR).toBe('./.salus');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir.endsWith('.salus')).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', SALUS_DEMO: 'false', DATABASE_URL: 'postgres://u:p@h:5432/d' });
    expect(config.PORT).toBe(8080);
    expect(config.SALUS_DEMO).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u:p@h:5432/d');
  });

  it('names the variable and what it expects when a value is bad', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'seventy', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT="seventy" is invalid: expected an integer port from 0 to 65535');
    expect(problems).toContain('DATABASE_URL="mysql://x" is invalid: expected a postgres://');
  });

  it('takes the owner role apart from the application role, and only with DATABASE_URL', () => {
    const owner = 'postgres://salus_owner:p@h:5432/salus';
    expect(
      loadConfig({ DATABASE_URL: 'postgres://salus_app:p@h:5432/salus', DATABASE_OWNER_URL: owner }).DATABASE_OWNER_URL,
    ).toBe(owner);
    expect(() => loadConfig({ DATABASE_OWNER_URL: owner })).toThrow(/DATABASE_OWNER_URL is set without DATABASE_URL/);
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });

  it('listens on loopback in demo mode unless HOST is given, and on all interfaces outside it', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({}).hostReason).toContain('demo mode');
    expect(loadConfig({ SALUS_DEMO: 'true', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ SALUS_DEMO: 'true', HOST: '0.0.0.0' }).hostReason).toBe('HOST is set');
    expect(loadConfig({ SALUS_DEMO: 'false' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ SALUS_DEMO: 'false', HOST: '10.1.2.3' }).HOST).toBe('10.1.2.3');
    // An empty HOST counts as unset, like every other variable.
    expect(loadConfig({ HOST: '' }).HOST).toBe('127.0.0.1');
  });

  it('trusts no proxy by default, and the addresses and ranges of TRUST_PROXY', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,::1,fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses a TRUST_PROXY entry that is not an address or a range', () => {
    for (const bad of ['haproxy.internal', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129', '10.0.0.0/']) {
      expect(() => loadConfig({ TRUST_PROXY: `127.0.0.1,${bad}` }), bad).toThrow(
        `${bad} is not an IP address or CIDR range`,
      );
    }
  });

  it('takes the DCC signing files together or not at all', () => {
    const both = loadConfig({
      DCC_DSC_CERT_FILE: '/etc/salus/dsc.cert.pem',
      DCC_DSC_KEY_FILE: '/etc/salus/dsc.key.pem',
    });
    expect(both.DCC_DSC_KEY_FILE).toBe('/etc/salus/dsc.key.pem');
    expect(() => loadConfig({ DCC_DSC_CERT_FILE: '/etc/salus/dsc.cert.pem' })).toThrow(
      /DCC_DSC_CERT_FILE and DCC_DSC_KEY_FILE go together/,
    );
  });
});
