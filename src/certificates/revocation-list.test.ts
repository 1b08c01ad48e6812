import { describe, expect, it } from 'vitest';
import {
  RevocationListError,
  allChecks,
  certificateIds,
  parseRevocationList,
  revocationCheck,
  revocationListDocument,
  uciHash,
} from './revocation-list.ts';

const AT = 'URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B';
const clock = new Date('2026-01-01T00:00:00Z');

describe('UCI hashes', () => {
  it('are the first 128 bits of SHA-256 over the UVCI, base64', () => {
    // printf '%s' "$UVCI" | sha256sum | cut -c1-32 | xxd -r -p | base64
    expect(uciHash(AT)).toBe('TA/gJg6xoyUDqeElh0QmXA==');
  });
});

describe('the published document', () => {
  it('lists hashes only, sorted, with each certificate expiry', () => {
    const expiresAt = new Date('2026-06-01T00:00:00Z');
    const doc = revocationListDocument(
      [
        { uvci: AT, expiresAt },
        { uvci: 'URN:UVCI:01:IT:ABC#X', expiresAt },
      ],
      'IT',
      clock,
    );
    expect(doc).toMatchObject({ country: 'IT', hashType: 'UCI', generatedAt: clock.toISOString() });
    expect(doc.entries.map((e) => e.hash)).toEqual([uciHash(AT), uciHash('URN:UVCI:01:IT:ABC#X')].sort());
    expect(JSON.stringify(doc)).not.toContain('UVCI');
    expect(doc.entries[0]?.expires).toBe('2026-06-01T00:00:00.000Z');
  });

  it('reads back into a set of hashes', () => {
    const doc = revocationListDocument([{ uvci: AT, expiresAt: clock }], 'IT', clock);
    expect(parseRevocationList(JSON.parse(JSON.stringify(doc)))).toEqual(new Set([uciHash(AT)]));
  });

  it.each([
    [null, /JSON object/],
    [[], /JSON object/],
    [{ hashType: 'SIGNATURE', entries: [] }, /hashType/],
    [{ hashType: 'UCI' }, /entries/],
    [{ hashType: 'UCI', entries: [{ hash: 'short' }] }, /entries\[0\]/],
    [{ hashType: 'UCI', entries: [null] }, /entries\[0\]/],
  ])('refuses %j', (json, message) => {
    expect(() => parseRevocationList(json)).toThrow(RevocationListError);
    expect(() => parseRevocationList(json)).toThrow(message);
  });
});

describe('the revocation check', () => {
  const payload = (ci: string) => ({ ver: '1.3.0', t: [{ ci }] });

  it('fails a certificate whose UVCI is revoked, naming it', () => {
    const check = revocationCheck((uvci) => uvci === AT);
    expect(check(payload(AT), clock)).toEqual({
      ok: false,
      reason: `REVOKED: certificate ${AT} has been revoked by its issuer`,
    });
    expect(check(payload('URN:UVCI:01:IT:OTHER#A'), clock).ok).toBe(true);
  });

  it('finds the UVCIs of every group', () => {
    expect(
      certificateIds({ v: [{ ci: 'a' }], t: [{ ci: 'b' }, { nope: 1 }], r: 'x', ci: 'top-level is not one' }),
    ).toEqual(['a', 'b']);
  });

  it('runs checks in order and stops at the first failure', () => {
    const seen: string[] = [];
    const pass = (name: string) => () => (seen.push(name), { ok: true, reason: name });
    const fail = () => (seen.push('fail'), { ok: false, reason: 'no' });
    expect(allChecks([pass('a'), pass('b')])({}, clock)).toEqual({ ok: true, reason: 'b' });
    expect(allChecks([pass('c'), fail, pass('d')])({}, clock)).toEqual({ ok: false, reason: 'no' });
    expect(seen).toEqual(['a', 'b', 'c', 'fail']);
    expect(allChecks([])({}, clock)).toEqual({ ok: true, reason: 'valid' });
  });
});
