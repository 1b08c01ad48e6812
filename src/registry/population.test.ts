import { describe, expect, it } from 'vitest';
import { fiscalCodeMatches, parseFiscalCode, parseHealthCardNumber } from '../shared/identifiers.ts';
import { generatePopulation, planResidence } from './population.ts';
import { loadLombardy } from './territory.ts';

const { municipalities } = loadLombardy();
const asOf = '2026-01-01';

function ageAt(birthDate: string): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return 2026 - y - (m > 1 || d > 1 ? 1 : 0);
}

describe('generatePopulation', () => {
  const people = [...generatePopulation({ seed: 7, count: 20_000, asOf, municipalities })];

  it('creates exactly the requested number of people', () => {
    expect(people).toHaveLength(20_000);
  });

  it('gives everyone a unique, valid codice fiscale consistent with their birth facts', () => {
    expect(new Set(people.map((p) => p.fiscalCode)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.healthCardNumber)).size).toBe(people.length);
    for (const person of people.slice(0, 2_000)) {
      expect(parseFiscalCode(person.fiscalCode)).toBe(person.fiscalCode);
      expect(parseHealthCardNumber(person.healthCardNumber)).toBe(person.healthCardNumber);
      expect(fiscalCodeMatches(person.fiscalCode, person)).toBe(true);
    }
  });

  it('follows an age pyramid close to Lombardy’s', () => {
    const over80 = people.filter((p) => ageAt(p.birthDate) >= 80).length / people.length;
    expect(over80).toBeGreaterThan(0.065);
    expect(over80).toBeLessThan(0.085);
    expect(people.some((p) => ageAt(p.birthDate) >= 100)).toBe(true);
  });

  it('is the same people for the same seed, and different people for another seed', () => {
    const again = [...generatePopulation({ seed: 7, count: 500, asOf, municipalities })];
    const other = [...generatePopulation({ seed: 8, count: 500, asOf, municipalities })];
    const first = [...generatePopulation({ seed: 7, count: 500, asOf, municipalities })];
    expect(again).toEqual(first);
    expect(other.map((p) => p.fiscalCode)).not.toEqual(first.map((p) => p.fiscalCode));
  });

  it('never generates a reserved code', () => {
    const reserved = new Set(people.slice(0, 100).map((p) => p.fiscalCode));
    const fresh = [...generatePopulation({ seed: 7, count: 20_000, asOf, municipalities, reserved })];
    expect(fresh.filter((p) => reserved.has(p.fiscalCode))).toEqual([]);
  });
});

describe('planResidence', () => {
  it('spreads people by real population and adds up exactly', () => {
    const plan = planResidence(1_000_000, municipalities);
    expect(plan.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    const milano = municipalities.findIndex((m) => m.name === 'Milano');
    const share = (plan[milano] ?? 0) / 1_000_000;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.16);
  });
});
