import { describe, expect, it } from 'vitest';
import { loadLombardy } from './territory.ts';

describe('loadLombardy', () => {
  const territory = loadLombardy();

  it('has all twelve provinces, each mapped to an ATS', () => {
    expect(territory.provinces.map((p) => p.abbr).sort()).toEqual([
      'BG',
      'BS',
      'CO',
      'CR',
      'LC',
      'LO',
      'MB',
      'MI',
      'MN',
      'PV',
      'SO',
      'VA',
    ]);
    const atsCodes = new Set(territory.ats.map((a) => a.code));
    for (const province of territory.provinces) expect(atsCodes.has(province.atsCode)).toBe(true);
  });

  it('has every Lombard municipality with ISTAT and cadastral codes and population', () => {
    expect(territory.municipalities.length).toBeGreaterThan(1_490);
    const milano = territory.municipalities.find((m) => m.istatCode === '015146');
    expect(milano).toMatchObject({ name: 'Milano', cadastralCode: 'F205', provinceCode: '015' });
    expect(milano?.population).toBeGreaterThan(1_200_000);
    const total = territory.municipalities.reduce((sum, m) => sum + m.population, 0);
    expect(total).toBeGreaterThan(9_500_000);
    expect(total).toBeLessThan(10_500_000);
  });
});
