import { statSync } from 'node:fs';
import path from 'node:path';

export interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The first ancestor of `target` that `user` cannot traverse, or null when every
 * directory on the way has the execute bit for it. PostgreSQL runs as the OS user
 * `postgres` and must reach both its binaries under node_modules and its data
 * directory; a checkout under /root (mode 700) is the usual trap.
 */
export function firstUntraversableAncestor(target: string, user: OsUser): string | null {
  let dir = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const candidate of chain) {
    let stats;
    try {
      stats = statSync(candidate);
    } catch {
      // Not created yet: everything below it will be created by us with open modes.
      return null;
    }
    if (!stats.isDirectory()) continue;
    if (!canTraverse(stats.mode, stats.uid, stats.gid, user)) return candidate;
  }
  return null;
}

function canTraverse(mode: number, ownerUid: number, ownerGid: number, user: OsUser): boolean {
  if (user.uid === 0) return true;
  if (ownerUid === user.uid) return (mode & 0o100) !== 0;
  if (ownerGid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}
