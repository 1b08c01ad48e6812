import { describe, expect, it } from 'vitest';
import { nationalForwardingSource } from './dashboard.ts';

const figures = () =>
  Promise.resolve({
    backlog: 3,
    refused: 1,
    overSla: 0,
    oldestAgeSeconds: 11_520.4,
    oldestAcceptedAt: new Date('2026-12-07T10:00:00Z'),
    failingByCause: [{ cause: 'timeout', items: 2, tries: 5 }],
  });

describe("the dashboard's national forwarding section", () => {
  it('adds up the conversion failures of each document type over their reasons', async () => {
    const source = nationalForwardingSource({
      figures,
      conversionFailureSummary: () =>
        Promise.resolve([
          { documentType: 'RAD', reason: 'unsupported', count: 1 },
          { documentType: 'LAB', reason: 'invalid_cda', count: 2 },
          { documentType: 'LAB', reason: 'store_error', count: 3 },
        ]),
    });
    expect(await source.figures()).toEqual({
      slaSeconds: 86_400,
      backlog: 3,
      refused: 1,
      overSla: 0,
      oldest: { acceptedAt: '2026-12-07T10:00:00.000Z', ageSeconds: 11_520 },
      failuresByCause: [{ cause: 'timeout', items: 2, tries: 5 }],
      conversionFailures: {
        byType: [
          { type: 'LAB', failures: 5 },
          { type: 'RAD', failures: 1 },
        ],
      },
    });
  });

  it('says the conversion failures are unknown (null) until they are wired, never zero', async () => {
    const source = nationalForwardingSource({ figures, conversionFailureSummary: null });
    expect((await source.figures()).conversionFailures).toBeNull();
  });
});
