import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { serviceRepository } from './repository.ts';
import type { FacilityPrincipal, Principal } from '../../shared/principal.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import { provideBundle } from '../mhd/build.ts';
import { parseProvideBundle } from '../mhd/provide-parse.ts';
import type { Publish } from '../mhd/publish.ts';

/** A signed certificate (e.g. an EU DCC) to keep in the holder's record. */
export interface CertificateDocument {
  readonly fiscalCode: string;
  /** Stable key of the certificate (the UVCI): the same key twice stores one document. */
  readonly key: string;
  readonly description: string;
  /** ISO 8601: when the certificate was issued. */
  readonly date: string;
  readonly pdf: Uint8Array;
  /** The facility where the event happened (pharmacy, vaccination centre), when there is one. */
  readonly facilityId: number | null;
  readonly organisation: string;
  /** Who caused it, for the access log; null when a background job issues it. */
  readonly actor: Principal | null;
  readonly requestId: string;
}

const CERTIFICATE_SYSTEM = `${SYSTEMS.salus}/sid/certificate`;

// The access log names a job by its client id; the facility id is not recorded for it.
const ISSUER: FacilityPrincipal = {
  kind: 'facility',
  clientId: 'salus-certificates',
  facilityId: 0,
  scopes: ['fse:write'],
};

/**
 * Stores a certificate in the FSE as a document of class CER with its PDF as the
 * Binary, through the same ITI-65 checks and transaction as any other document (so
 * the citizen gets the "new document" notice and the index counts it). Idempotent:
 * a certificate already stored is found by its key before anything is written.
 */
export async function storeCertificateDocument(
  deps: { db: Kysely<RecordsDatabase>; publish: Publish },
  doc: CertificateDocument,
): Promise<{ documentId: string }> {
  const master = `${CERTIFICATE_SYSTEM}|${doc.key}`;
  const before = await serviceRepository.documentByMaster(deps.db, master);
  if (before !== undefined) return { documentId: before };
  const bundle = provideBundle(
    { fiscalCode: doc.fiscalCode },
    [
      {
        masterIdentifier: { system: CERTIFICATE_SYSTEM, value: doc.key },
        docClass: 'CER',
        description: doc.description,
        date: doc.date,
        content: Buffer.from(doc.pdf),
        organisation: doc.organisation,
      },
    ],
    { sourceId: `${SYSTEMS.salus}/sid/certificates` },
  );
  // operatorId stays null: only GPs publish as themselves (publish.ts checks their list).
  const result = await deps.publish(
    parseProvideBundle(bundle),
    { principal: doc.actor ?? ISSUER, facilityId: doc.facilityId, operatorId: null },
    doc.requestId,
  );
  return { documentId: result.documentIds[0] ?? '' };
}
