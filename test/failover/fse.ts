import { randomUUID } from 'node:crypto';
import type { DbSite } from '../../deploy/ha/topology.ts';
import { renderReport } from '../../src/records/demo/pdf.ts';
import { provideBundle } from '../../src/records/mhd/build.ts';
import { facilityToken } from '../support/records/clients.ts';
import { sleep, timed, untilAcknowledged, type Avoid, type Tracked } from './client.ts';

/**
 * FSE publishing in the failover load: the demo hospital's system (a client-credentials
 * token of its own in each site: each site's identity provider is its own issuer)
 * sends IHE MHD ITI-65 Provide Document Bundles, one lab report per Bundle, to both
 * sites. A retry resends the very same Bundle, so the same masterIdentifier and bytes:
 * if the lost attempt had committed, the retry is a replay (200, nothing written again).
 */
const SYSTEM = 'urn:ietf:rfc:3986';

export interface FseSite {
  readonly name: DbSite;
  readonly fhirBase: string;
  readonly token: string;
}

export interface Publish extends Tracked {
  /** As stored: `system|value`. */
  readonly masterIdentifier: string;
}

export interface Publishing {
  readonly publishes: Publish[];
  /** Stops publishing and waits for publishes in flight (which stop retrying if `abort`). */
  stop(abort?: boolean): Promise<void>;
}

export async function fseSite(name: DbSite, baseUrl: string): Promise<FseSite> {
  return { name, fhirBase: `${baseUrl}/fhir/R4`, token: await facilityToken(baseUrl, 'fse:write') };
}

/** `perSite` systems per site, each publishing one document every `paceMs`, for the given patients in turn. */
export async function startPublishing(
  sites: Readonly<Record<DbSite, FseSite>>,
  patients: readonly string[],
  options: { perSite: number; paceMs: number },
): Promise<Publishing> {
  // One real (small) report, rendered once: the bytes are what a hospital would send.
  const pdf = await renderReport({
    organisation: 'Ospedale Niguarda Ca’ Granda',
    title: 'Referto di laboratorio',
    patient: { name: 'Paziente di prova', fiscalCode: patients[0] ?? '', birthDate: '1940-01-01' },
    date: new Date().toISOString(),
    facts: [['Richiesta n.', 'FAILOVER-1']],
    table: [
      ['Esame', 'Risultato', 'Unità', 'Riferimento'],
      ['Glucosio', '92', 'mg/dL', '70 - 100'],
    ],
    signedBy: 'Dott. Ronchi',
  });
  const publishes: Publish[] = [];
  const avoid: Avoid = { 'dc-a': 0, 'dc-b': 0 };
  let stopping = false;
  let aborting = false;
  let n = 0;
  const system = async (home: DbSite): Promise<void> => {
    while (!stopping) {
      const i = n++;
      const value = `urn:uuid:${randomUUID()}`;
      const body = JSON.stringify(
        provideBundle(
          { fiscalCode: patients[i % patients.length] ?? '' },
          [
            {
              masterIdentifier: { system: SYSTEM, value },
              docClass: 'REF',
              description: `Referto di laboratorio ${i}`,
              date: new Date().toISOString(),
              content: pdf,
              author: { given: 'Francesca', family: 'Ronchi' },
              organisation: 'Ospedale Niguarda Ca’ Granda',
            },
          ],
          { sourceId: 'urn:salus:failover-test' },
        ),
      );
      const publish: Publish = { masterIdentifier: `${SYSTEM}|${value}`, home, attempts: [] };
      publishes.push(publish);
      const began = Date.now();
      await untilAcknowledged(publish, {
        avoid,
        aborted: () => aborting,
        send: (site) =>
          timed(site, () =>
            fetch(sites[site].fhirBase, {
              method: 'POST',
              body,
              signal: AbortSignal.timeout(20_000),
              headers: { authorization: `Bearer ${sites[site].token}`, 'content-type': 'application/fhir+json' },
            }),
          ),
        // ITI-65 answers 200 with the transaction-response Bundle, for a first store and a replay alike.
        acknowledges: () => false,
      });
      await sleep(Math.max(0, options.paceMs - (Date.now() - began)));
    }
  };
  const running = (['dc-a', 'dc-b'] as const).flatMap((home) =>
    Array.from({ length: options.perSite }, () => system(home)),
  );
  return {
    publishes,
    stop: async (abort = false) => {
      stopping = true;
      aborting = abort;
      await Promise.all(running);
    },
  };
}
