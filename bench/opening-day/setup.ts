import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { registryRepository } from '../../src/registry/repository.ts';
import { seedPopulation } from '../../src/registry/seed.ts';
import { loadLombardy } from '../../src/registry/territory.ts';

export const CAMPAIGN = 'covid-over80';
// A seed of its own, so that these people are told apart from any other synthetic population.
export const POPULATION_SEED = 150_221;

export interface Citizen {
  readonly id: number;
  readonly cf: string;
  readonly card: string;
  readonly phone: string;
}

/**
 * A migrated database with `count` synthetic over-80s, the over-80 campaign open since
 * yesterday, and its waiting room opening at `openAt` (set up as a region operator
 * would through PUT /api/waitroom/:code, written directly to save a login).
 */
export async function prepareDatabase(
  db: Db,
  options: {
    count: number;
    openAt: Date;
    admitPerMinute: number;
    holdSeconds: number;
    adaptiveTargetMs: number | null;
  },
): Promise<Citizen[]> {
  await migrate(db.pool);
  const today = new Date().toISOString().slice(0, 10);
  await seedPopulation(
    { pool: db.pool, repo: registryRepository(db.kysely), territory: loadLombardy() },
    { seed: POPULATION_SEED, citizens: options.count, asOf: today, minAge: 80 },
  );
  const year = new Date().getUTCFullYear();
  const campaign = await sql<{ id: number }>`
    INSERT INTO campaigns (code, name, products, opens_at, planned_weekly_capacity)
    VALUES (${CAMPAIGN}, 'Vaccinazione anti-COVID-19 over 80',
    '{Comirnaty,Spikevax}', now() - interval '1 day', 50000) RETURNING id`.execute(db.kysely);
  await sql`INSERT INTO campaign_cohorts (campaign_id, label, born_to_year, opens_at)
            VALUES (${campaign.rows[0]?.id ?? 0}, 'over 80', ${year - 80}, now() - interval '1 day')`.execute(
    db.kysely,
  );
  await sql`INSERT INTO waitrooms (campaign_code, active, opens_at, admit_per_minute,
  hold_seconds, adaptive, target_p95_ms)
            VALUES (${CAMPAIGN}, true, ${options.openAt}, ${options.admitPerMinute},
            ${options.holdSeconds}, ${options.adaptiveTargetMs !== null}, ${options.adaptiveTargetMs ?? 400})`.execute(
    db.kysely,
  );
  const { rows } = await sql<{ id: number; fiscal_code: string; health_card_number: string }>`
    SELECT id, fiscal_code, health_card_number FROM citizens
    WHERE synthetic_seed = ${POPULATION_SEED} ORDER BY id LIMIT ${options.count}`.execute(db.kysely);
  // Distinct mobile numbers: +39 3 followed by 9 digits.
  return rows.map((r, i) => ({
    id: r.id,
    cf: r.fiscal_code,
    card: r.health_card_number,
    phone: `+393${100_000_000 + i}`,
  }));
}
