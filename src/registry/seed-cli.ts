import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config.ts';
import { createDb } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { registryRepository } from './repository.ts';
import { DEFAULT_AS_OF, seedPopulation } from './seed.ts';
import { loadLombardy } from './territory.ts';

const USAGE = 'usage: npm run seed -- --citizens N [--seed S] [--as-of YYYY-MM-DD]';

/** `npm run seed -- --citizens N`: adds N synthetic citizens to the configured database. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      citizens: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
    },
  });
  const citizens = Number(values.citizens);
  const seed = Number(values.seed);
  const asOf = values['as-of'];
  if (!Number.isInteger(citizens) || citizens < 1 || citizens > 20_000_000)
    fail(`--citizens must be a whole number from 1 to 20000000. ${USAGE}`);
  if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a whole number. ${USAGE}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) fail(`--as-of must be a date like 2026-01-01. ${USAGE}`);

  const config = loadConfig(process.env);
  const logger = pino({ level: 'warn' });
  const embedded =
    config.DATABASE_URL === undefined
      ? await startEmbeddedPostgres({
          dataDir: config.dataDir,
          port: config.SALUS_PG_PORT,
          log: (level, m) => {
            logger[level](m);
          },
        })
      : null;
  // An administrator's tool: it migrates, and bulk loads as the owner (whose ANALYZE counts).
  const db = createDb({
    url: config.DATABASE_OWNER_URL ?? config.DATABASE_URL ?? embedded?.ownerUrl ?? '',
    poolMax: 2,
  });
  try {
    await migrate(db.pool);
    const result = await seedPopulation(
      { pool: db.pool, repo: registryRepository(db.kysely), territory: loadLombardy() },
      {
        seed,
        citizens,
        asOf,
        onProgress: ({ done, total, elapsedMs }) => {
          const rate = Math.round(done / Math.max(elapsedMs / 1000, 0.001));
          process.stderr.write(
            `\rseeding: ${done}/${total} (${Math.round((100 * done) / total)}%), ${rate} citizens/s   `,
          );
        },
      },
    );
    process.stderr.write('\n');
    process.stdout.write(
      `added ${result.inserted} citizens (${result.skipped} already present) ` +
        `and ${result.gps} GPs in ${(result.elapsedMs / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `seed failed: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
