import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstUntraversableAncestor } from './reachability.ts';

const root = mkdtempSync(path.join(tmpdir(), 'salus-reach-'));
const stranger = { uid: 54321, gid: 54321 };

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('firstUntraversableAncestor', () => {
  it('accepts a path whose directories are all world-executable', () => {
    const open = path.join(root, 'open', 'deeper');
    mkdirSync(open, { recursive: true });
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'open'), 0o755);
    expect(firstUntraversableAncestor(open, stranger)).toBeNull();
  });

  it('names the first directory that another user cannot enter', () => {
    const closed = path.join(root, 'closed');
    mkdirSync(path.join(closed, 'inside'), { recursive: true });
    chmodSync(closed, 0o700);
    expect(firstUntraversableAncestor(path.join(closed, 'inside'), stranger)).toBe(closed);
  });

  it('treats a directory that does not exist yet as reachable', () => {
    expect(firstUntraversableAncestor(path.join(root, 'open', 'not-yet', 'x'), stranger)).toBeNull();
  });
});
