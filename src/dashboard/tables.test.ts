import { describe, expect, it } from 'vitest';
import { sectionTables, tableName } from './tables.ts';

describe('dashboard export tables', () => {
  it('names tables as the CSV route accepts them', () => {
    expect(tableName('sms', 'latencyLastHour')).toBe('sms-latency-last-hour');
    expect(tableName('fse', 'processedPerHour')).toBe('fse-processed-per-hour');
    expect(tableName('database', 'replicas')).toBe('database-replicas');
    for (const name of [tableName('fse', 'last24h'), tableName('waitroom', 'rooms')])
      expect(name).toMatch(/^[a-z0-9-]{2,60}$/);
  });

  it('makes each array a table and the single figures a summary', () => {
    const tables = sectionTables('fse', {
      slaSeconds: 86_400,
      pending: 3,
      last24h: { processed: 10, p99Seconds: null },
      documentsByClass: [{ docClass: 'REF', documents: 4 }],
      processedPerHour: [],
    });
    expect(Object.keys(tables).sort()).toEqual(['fse-documents-by-class', 'fse-processed-per-hour', 'fse-summary']);
    expect(tables['fse-summary']).toEqual([
      { figure: 'slaSeconds', value: 86_400 },
      { figure: 'pending', value: 3 },
      { figure: 'last24h.processed', value: 10 },
      { figure: 'last24h.p99Seconds', value: null },
    ]);
  });

  it("makes an array one level down a table of its own (the forwarding section's conversion failures by type)", () => {
    const tables = sectionTables('nationalForwarding', {
      backlog: 2,
      oldest: { ageSeconds: 60 },
      conversionFailures: { byType: [{ type: 'LAB', failures: 1 }] },
    });
    expect(tables['national-forwarding-conversion-failures-by-type']).toEqual([{ type: 'LAB', failures: 1 }]);
    expect(tables['national-forwarding-summary']).toEqual([
      { figure: 'backlog', value: 2 },
      { figure: 'oldest.ageSeconds', value: 60 },
    ]);
  });
});
