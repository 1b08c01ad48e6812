import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Prettier wraps at 120 but cannot break long strings, regexes or comments; this catches what it leaves behind.
const MAX_LINE_LENGTH = 120;

const trackedSources = (): string[] =>
  execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx', '*.mjs', '*.css'], { encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '');

describe('line length', () => {
  it(`keeps every line of tracked .ts, .tsx, .mjs and .css files within ${MAX_LINE_LENGTH} characters`, () => {
    const files = trackedSources();
    expect(files.length).toBeGreaterThan(0);
    const tooLong = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .flatMap((line, index) =>
          line.length > MAX_LINE_LENGTH ? [`${file}:${index + 1} (${line.length} characters)`] : [],
        ),
    );
    expect(tooLong).toEqual([]);
  });
});
