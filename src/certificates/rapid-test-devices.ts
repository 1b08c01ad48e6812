/**
 * The rapid antigen tests a pharmacy may certify: the EU value set
 * covid-19-lab-test-manufacturer-and-name (the JRC device list), active entries only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type RapidTestDevice = { code: string; name: string };

export type RapidTestDevices = {
  /** Sorted by name, as the pharmacist's list shows them. */
  list: readonly RapidTestDevice[];
  has(code: string): boolean;
};

// Only an example of the list ships with the schema (see render/value-sets.ts).
const FILE = 'test-manf-example.json';

export function loadRapidTestDevices(valueSetDir: string): RapidTestDevices {
  const path = join(valueSetDir, FILE);
  const values = existsSync(path)
    ? ((
        JSON.parse(readFileSync(path, 'utf8')) as {
          valueSetValues?: Record<string, { display?: unknown; active?: unknown }>;
        }
      ).valueSetValues ?? {})
    : {};
  const list = Object.entries(values)
    .filter(([, v]) => v.active === true && typeof v.display === 'string')
    .map(([code, v]) => ({ code, name: String(v.display) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const codes = new Set(list.map((d) => d.code));
  return { list, has: (code) => codes.has(code) };
}
