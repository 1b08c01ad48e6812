import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { draftSecrets } from './codes.ts';

const secrets = draftSecrets(randomBytes(32));

describe('draftSecrets', () => {
  const salt = secrets.newSalt();

  it('derives the same 6-digit code and link every time, so a resend sends the same ones', () => {
    expect(secrets.code(42, salt)).toMatch(/^\d{6}$/);
    expect(secrets.code(42, salt)).toBe(secrets.code(42, salt));
    expect(secrets.resumeToken(42, salt)).toBe(secrets.resumeToken(42, salt));
  });

  it('binds code and link to the draft and its salt', () => {
    const other = secrets.newSalt();
    expect(secrets.codeMatches(secrets.code(42, salt), 42, salt)).toBe(true);
    expect(secrets.tokenMatches(secrets.resumeToken(42, salt), 43, salt)).toBe(false);
    expect(secrets.tokenMatches(secrets.resumeToken(42, salt), 42, other)).toBe(false);
  });

  it('reads the draft id from a well-formed token only', () => {
    expect(secrets.draftIdOf(secrets.resumeToken(42, salt))).toBe(42);
    expect(secrets.draftIdOf('42.short')).toBeNull();
    expect(secrets.draftIdOf('../etc/passwd')).toBeNull();
  });

  it('gives codes that differ across keys', () => {
    const another = draftSecrets(randomBytes(32));
    const codes = new Set(Array.from({ length: 20 }, (_, i) => another.code(i, salt) + secrets.code(i, salt)));
    expect(codes.size).toBe(20);
  });
});
