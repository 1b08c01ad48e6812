import { describe, expect, it } from 'vitest';
import { unhandledRejectionHandler } from './unhandled.ts';

function harness() {
  const seen: { warn: string[]; fatal: string[]; exits: number[] } = { warn: [], fatal: [], exits: [] };
  const handler = unhandledRejectionHandler(
    {
      warn: (_f, m) => {
        seen.warn.push(m);
      },
      fatal: (_f, m) => {
        seen.fatal.push(m);
      },
    },
    (code) => {
      seen.exits.push(code);
    },
  );
  return { seen, handler };
}

describe('unhandled promise rejections', () => {
  it('goes on after a database outage seen by nobody (a failover while graphile-worker records a job)', () => {
    const { seen, handler } = harness();
    handler(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    handler(new Error('Connection terminated unexpectedly'));
    expect(seen.exits).toEqual([]);
    expect(seen.warn).toHaveLength(2);
  });

  it('exits on anything else: that is a bug', () => {
    const { seen, handler } = harness();
    handler(new TypeError('x is undefined'));
    expect(seen.exits).toEqual([1]);
    expect(seen.fatal).toEqual(['unhandled promise rejection']);
  });
});
