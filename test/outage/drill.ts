import { writeReport } from '../../bench/lib/report.ts';
import { killSite, waitFor } from '../../deploy/ha/layout.ts';
import { leaderName } from '../../deploy/ha/patroni.ts';
import { appUrl, nodeSuperuserUrl, type DbSite, type Layout } from '../../deploy/ha/topology.ts';
import type { NationalSimulator } from '../../src/fse2/index.ts';
import { withClient } from '../failover/checks.ts';
import type { DrillContext } from '../failover/drill.ts';
import { firstAckAfter } from '../failover/timeline.ts';
import { producerSigner } from '../support/fse2/national-jwt.ts';
import { checkAges, checkForwarding, outboxRows, unforwarded } from './checks.ts';
import { gatewaySite, PATIENT, startPublishing, validateSamples } from './publish.ts';
import { summarize } from './report.ts';
import { sampleBacklog, scrape } from './sla.ts';

/**
 * The outage drill on a two-site layout that is up (dc-a leading, dc-b its synchronous standby, Salus in both
 * with FSE2_NATIONAL_GATEWAY_URL set to `sim`): see test/outage/run.ts. It runs on a layout of its own
 * (`npm run test:outage`) or on the one the failover drill leaves, once dc-b is back
 * (`npm run test:failover -- --outage-seconds S`, as `npm test` does).
 */
const until = (t: number, what: string) => waitFor(what, t - Date.now() + 60_000, () => Date.now() >= t);

/** The national sample's patient is not a demo person: put them in the registry, as the Gateway tests do. */
async function addPatient(url: string): Promise<void> {
  await withClient(url, (client) =>
    client.query(
      `INSERT INTO citizens (fiscal_code, health_card_number, given_name, family_name, sex, birth_date,
                             birth_place_code, residence_istat)
       SELECT $1, '80380009999999999999', 'Prova', 'Nazionale', 'F', DATE '1980-01-01', 'F205', istat_code
         FROM municipalities ORDER BY istat_code LIMIT 1
       ON CONFLICT (fiscal_code) DO NOTHING`,
      [PATIENT],
    ),
  );
}

/** Watches the simulator's log and notes when it first grows after `from`. */
function firstReceiptAfter(sim: NationalSimulator, from: number): { at: () => number | null; stop: () => void } {
  const count = sim.state.accepted.length;
  let at: number | null = null;
  const timer = setInterval(() => {
    if (at === null && sim.state.accepted.length > count) at = Date.now();
  }, 50);
  return {
    at: () => (at === null ? null : at - from),
    stop: () => {
      clearInterval(timer);
    },
  };
}

/** Runs the drill for `outageMs`, writes bench/results/outage(-short).json and says whether it passed. */
export async function outageDrill(
  layout: Layout,
  sim: NationalSimulator,
  outageMs: number,
  context: DrillContext,
): Promise<boolean> {
  const { say, onInterrupt } = context;
  await addPatient(nodeSuperuserUrl(layout, 'dc-a', 'salus'));
  const sites = {
    'dc-a': await gatewaySite('dc-a', appUrl(layout, 'dc-a')),
    'dc-b': await gatewaySite('dc-b', appUrl(layout, 'dc-b')),
  };
  const signer = await producerSigner();
  const wif = await validateSamples(sites['dc-a'], signer);
  const runId = `OUTAGE${Date.now()}`;
  const publishing = startPublishing(sites, signer, wif, { perSite: 1, paceMs: 1_000, runId });
  onInterrupt(() => publishing.stop(true));
  const changes = publishing.changes;
  const survivorUrl = nodeSuperuserUrl(layout, 'dc-b', 'salus');
  // Forwarding works before the outage: a few changes through, nothing waiting (counted from here: on the
  // failover drill's layout the simulator may have received before).
  const receivedBefore = sim.state.accepted.length;
  await waitFor('forwarding before the outage', 120_000, () => sim.state.accepted.length >= receivedBefore + 6);

  const receivedAtDown = sim.state.accepted.length;
  const downAt = Date.now();
  await sim.downFor(outageMs + 3_600_000); // back only when the drill says so, below
  say(`national side down for ${outageMs / 1_000} s; ${changes.length} changes so far`);
  const urls: Record<DbSite, string> = { 'dc-a': appUrl(layout, 'dc-a'), 'dc-b': appUrl(layout, 'dc-b') };
  const sampler = sampleBacklog(urls, Math.min(10_000, outageMs / 6));

  await until(downAt + outageMs / 3, 'a third of the outage');
  const leader = await leaderName(layout);
  const killedAt = Date.now();
  say(`kill -9 dc-a (${killSite(layout, 'dc-a').join(' ')}); Patroni leader was ${String(leader)}`);
  await waitFor(
    'a change through dc-b after the kill',
    90_000,
    () => firstAckAfter(changes, killedAt, 'dc-b') !== null,
  );
  const rtoMs = firstAckAfter(changes, killedAt, 'dc-b');
  say(`first change through dc-b ${String(rtoMs)} ms after the kill`);

  await until(downAt + outageMs, 'the end of the outage');
  const beforeReturn = await scrape('dc-b', urls['dc-b']);
  const backlogAtReturn = await unforwarded(survivorUrl, runId);
  const receivedDuringOutage = sim.state.accepted.length - receivedAtDown;
  const watch = firstReceiptAfter(sim, Date.now());
  await sim.up();
  const upAt = Date.now();
  say(`national side back; backlog ${backlogAtReturn}; gauge ${JSON.stringify(beforeReturn)}`);

  // Drained: every change accepted before the return forwarded (new ones keep coming meanwhile).
  const drainMs = await waitFor(
    'the backlog of the outage to drain',
    Math.max(300_000, outageMs),
    async () => (await unforwarded(survivorUrl, runId, upAt)) === 0,
  ).then(
    () => Date.now() - upAt,
    () => null,
  );
  watch.stop();
  say(`drain started ${String(watch.at())} ms and ended ${String(drainMs)} ms after the return`);
  await publishing.stop();
  await waitFor('the last changes forwarded', 120_000, async () => (await unforwarded(survivorUrl, runId)) === 0).catch(
    (error: unknown) => {
      say(String(error));
    },
  );
  await sampler.stop();
  const afterDrain = await scrape('dc-b', urls['dc-b']);

  const rows = await outboxRows(survivorUrl, runId);
  const forwarding = checkForwarding(changes, rows, sim.state.accepted, sim.state.duplicates);
  // The oldest change waiting at that scrape: the first acknowledged whose row the national side took after
  // the return (the gauge must count from there, not from that row's last retry).
  const keyOf = new Map(rows.map((r) => [`${r.operation} ${r.identificativoDoc}`, r.key]));
  const waitingSince = changes
    .filter((c) => c.ackedAt !== undefined && beforeReturn !== null && c.ackedAt < beforeReturn.at)
    .filter((c) => {
      const key = keyOf.get(`${c.kind} ${c.identificativoDoc}`);
      return sim.state.accepted.findIndex((r) => r.key === key) >= receivedAtDown;
    })
    .reduce((min, c) => Math.min(min, c.ackedAt ?? min), Number.POSITIVE_INFINITY);
  const expectedOldestAgeSeconds =
    beforeReturn === null || !Number.isFinite(waitingSince)
      ? null
      : Math.round((beforeReturn.at - waitingSince) / 100) / 10;
  const { figures, failures } = summarize({
    outageMs,
    startedAt: context.startedAt,
    downAt,
    killedAt,
    upAt,
    rtoMs,
    changes,
    forwarding,
    ages: checkAges(changes, rows),
    backlogAtReturn,
    beforeReturn,
    expectedOldestAgeSeconds,
    samples: sampler.samples,
    afterDrain,
    drainStartMs: watch.at(),
    drainMs,
    receivedDuringOutage,
    upTimings: context.upTimings,
  });
  if (failures.length > 0) say(`FAILED: ${failures.join('; ')}`);
  const headline = Object.fromEntries(Object.entries(figures).filter(([name]) => name !== 'detail'));
  writeReport(
    outageMs >= 600_000 ? 'outage' : 'outage-short',
    { ...figures, passed: failures.length === 0, failures },
    JSON.stringify({ ...headline, passed: failures.length === 0 }),
  );
  return failures.length === 0;
}
