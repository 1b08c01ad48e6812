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
    expect(loadConfig({ DATABASE_URL: 'postgres://salus_app:p@h:5432/salus', DATABASE_OWNER_URL: owner }).DATABASE_OWNER_URL).toBe(owner);
    expect(() => loadConfig({ DATABASE_OWNER_URL: owner })).toThrow(/DATABASE_OWNER_URL is set without DATABASE_URL/);
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
  });
});
