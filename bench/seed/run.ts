import { parseArgs } from 'node:util';
import { createDb } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { copyCitizens, type CitizenRow } from '../../src/registry/bulk-repository.ts';
import { generatePopulation } from '../../src/registry/population.ts';
import { registryRepository } from '../../src/registry/repository.ts';
import { seedPopulation } from '../../src/registry/seed.ts';
import { loadLombardy } from '../../src/registry/territory.ts';
import { benchDatabase } from '../lib/postgres.ts';
import { writeReport } from '../lib/report.ts';

/**
 * `npm run bench:seed [-- --citizens N]`: seeds N synthetic citizens (default
 * 1,000,000) into a fresh database and reports citizens/s. To make the figure
 * mean something on any machine it also measures, in the same run, generation
 * alone (CPU) and a bare COPY of the same rows into an unindexed table (the
 * database's bulk-write ceiling), and reports the seed as ratios of both.
 */
const { values } = parseArgs({ options: { citizens: { type: 'string', default: '1000000' } } });
const citizens = Number(values.citizens);
const territory = loadLombardy();
const asOf = '2026-01-01';

const genStart = performance.now();
let generated = 0;
for (const person of generatePopulation({
  seed: 42,
  count: Math.min(citizens, 200_000),
  asOf,
  municipalities: territory.municipalities,
})) {
  if (person.fiscalCode.length === 16) generated++;
}
const generationPerSecond = generated / ((performance.now() - genStart) / 1000);

const database = await benchDatabase('seed');
const db = createDb({ url: database.url, poolMax: 2 });
try {
  await migrate(db.pool);
  const repo = registryRepository(db.kysely);
  const progressEvery = Math.max(1, Math.floor(citizens / 10));
  let lastShown = 0;
  const result = await seedPopulation(
    { pool: db.pool, repo, territory },
    {
      seed: 42,
      citizens,
      asOf,
      onProgress: ({ done, total }) => {
        if (done - lastShown >= progressEvery || done === total) {
          lastShown = done;
          process.stderr.write(`seeded ${done}/${total}\n`);
        }
      },
    },
  );
  const seedPerSecond = result.inserted / (result.elapsedMs / 1000);

  // Ceiling: the same kind of rows COPYed into a bare table with no indexes or constraints.
  const client = await db.pool.connect();
  const sample = Math.min(citizens, 200_000);
  let copyPerSecond = 0;
  try {
    await client.query('CREATE UNLOGGED TABLE citizens_bare AS SELECT * FROM citizens WITH NO DATA');
    const rows: CitizenRow[] = [];
    for (const p of generatePopulation({ seed: 77, count: sample, asOf, municipalities: territory.municipalities })) {
      rows.push({ ...p, gpId: null, syntheticSeed: 77 });
    }
    const copyStart = performance.now();
    for (let i = 0; i < rows.length; i += 50_000)
      await copyCitizens(client, rows.slice(i, i + 50_000), 'citizens_bare');
    copyPerSecond = sample / ((performance.now() - copyStart) / 1000);
  } finally {
    client.release();
  }

  const figures = {
    citizens,
    inserted: result.inserted,
    gps: result.gps,
    seconds: Number((result.elapsedMs / 1000).toFixed(2)),
    citizensPerSecond: Math.round(seedPerSecond),
    generationOnlyPerSecond: Math.round(generationPerSecond),
    bareCopyPerSecond: Math.round(copyPerSecond),
    ratioToBareCopy: Number((seedPerSecond / copyPerSecond).toFixed(2)),
    ratioToGeneration: Number((seedPerSecond / generationPerSecond).toFixed(2)),
    aim: '1,000,000 citizens well under 60 s on 2 cores',
  };
  writeReport(
    'seed',
    figures,
    `seed: ${citizens} citizens in ${figures.seconds} s = ${figures.citizensPerSecond} citizens/s ` +
      `(${figures.ratioToBareCopy}× a bare COPY, ${figures.ratioToGeneration}× generation alone)`,
  );
} finally {
  await db.close();
  await database.close();
}
