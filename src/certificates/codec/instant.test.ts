import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.ts';

describe('parseInstant', () => {
  it.each([
    ['2021-05-03T18:00:00Z', '2021-05-03T18:00:00.000Z'],
    ['2021-08-18T16:36:53+02:00', '2021-08-18T14:36:53.000Z'],
    ['2022-01-18T09:53:44.686+0000', '2022-01-18T09:53:44.686Z'],
    // No offset: UTC, as the DCC test vectors intend (not the machine's local time).
    ['2021-05-30T13:38:49.822623', '2021-05-30T13:38:49.822Z'],
    ['2021-06-01', '2021-06-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2021-13-01T00:00:00Z', '2021-02-30', '2021-05-03T25:00:00Z'])('rejects %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});
