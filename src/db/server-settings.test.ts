import { describe, expect, it } from 'vitest';
import { serverSettings } from './embedded.ts';

const GB = 2 ** 30;

describe('the embedded server settings (ADR 0031)', () => {
  it('gives shared_buffers an eighth of the memory, between 128 MB and 4 GB', () => {
    expect(serverSettings(24 * GB)).toContain('shared_buffers=3072MB');
    expect(serverSettings(0.5 * GB)).toContain('shared_buffers=128MB');
    expect(serverSettings(256 * GB)).toContain('shared_buffers=4096MB');
  });

  it('leaves durability alone: fsync, full_page_writes and synchronous_commit keep their defaults', () => {
    const names = serverSettings(24 * GB).map((s) => s.split('=')[0]);
    expect(names).toEqual(['shared_buffers', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout']);
  });
});
