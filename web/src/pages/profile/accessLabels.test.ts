// Every purpose the server writes to the access log has a label in both
// languages (issue 17: the citizen saw the raw "vaccination" in Italian). The
// purposes are read from the server's source, so a module that starts logging
// a new purpose fails this test until the citizen can read it.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import itCatalogue from '../../locales/it.json';
import enCatalogue from '../../locales/en.json';
import { purposeLabel } from './accessLabels.ts';

const server = import.meta.glob<string>(['../../../../src/**/*.ts', '!../../../../src/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

// A template purpose such as `green-pass:${what}` stands for its prefix plus any value.
const sample = (literal: string): string => literal.replace(/\$\{[^}]*\}/g, 'x');

function serverPurposes(): Set<string> {
  const found = new Set<string>();
  // purpose: 'x', purpose: `x${y}`, purpose: cond ? 'a' : 'b'
  const field = /\bpurpose: (?:[\w.]+ \? '([^']+)' : '([^']+)'|'([^']+)'|`([^`]+)`)/g;
  // certificates/access.ts logs through log(principal, action, id, subject, purpose, outcome, requestId).
  const logCall = /\blog\([^;]*?, (?:'([^']+)'|`([^`]+)`), '(?:success|denied)'/g;
  for (const [file, text] of Object.entries(server)) {
    // The FHIR structure definitions (structure.ts, datatypes.ts) use `purpose:` for a field type, not a log entry.
    if (file.endsWith('records/fhir/structure.ts') || file.endsWith('records/fhir/datatypes.ts')) continue;
    for (const m of text.matchAll(field))
      for (const v of m.slice(1) as (string | undefined)[]) if (v !== undefined) found.add(sample(v));
    for (const m of text.matchAll(logCall)) found.add(sample(m[1] ?? m[2] ?? ''));
    if (file.endsWith('records/access/scope.ts')) {
      // purposeOf returns literals, or the operator's role for the other roles.
      const body = /export function purposeOf[\s\S]*?\n\}/.exec(text)?.[0] ?? '';
      for (const m of body.matchAll(/'([a-z-]+)'(?! :|\))/g))
        if (!['citizen', 'facility', 'gp', 'pharmacist'].includes(m[1] ?? '')) found.add(m[1] ?? '');
    }
    if (file.endsWith('shared/principal.ts')) {
      const roles = /readonly role: ([^;]+);/.exec(text)?.[1] ?? '';
      for (const m of roles.matchAll(/'([a-z-]+)'/g)) if (m[1] !== 'gp' && m[1] !== 'pharmacist') found.add(m[1] ?? '');
    }
  }
  // The consent's status is 'active' or 'inactive' (records/service/consent.ts).
  // Downloads carry the format, 'qr' or 'pdf' (certificates/access.ts, Download).
  for (const prefix of ['green-pass:', 'green-pass:counter:']) {
    if (found.delete(`${prefix}x`)) ['qr', 'pdf'].forEach((what) => found.add(prefix + what));
  }
  if (found.delete('consent:x')) ['consent:active', 'consent:inactive'].forEach((p) => found.add(p));
  return found;
}

describe('access log purposes', () => {
  const purposes = serverPurposes();

  it('are found in the server source', () => {
    // Sanity check of the scan: the server logs about thirty purposes.
    expect(purposes.size).toBeGreaterThan(25);
    expect(purposes).toContain('vaccination');
    expect(purposes).toContain('green-pass:pdf');
    expect(purposes).toContain('consent:active');
  });

  for (const [language, catalogue] of [
    ['it', itCatalogue],
    ['en', enCatalogue],
  ] as const) {
    it(`each have a label in ${language}`, async () => {
      const i18n = i18next.createInstance();
      await i18n.init({ lng: language, resources: { [language]: { translation: catalogue } } });
      const raw = [...purposes].filter((purpose) => {
        const label = purposeLabel(i18n.t, purpose);
        return label === purpose || label.startsWith('accessLog.');
      });
      expect(raw).toEqual([]);
    });
  }
});
