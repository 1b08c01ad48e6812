/**
 * The certificates module, assembled: keys, repository, services and routes.
 * platform.ts calls createCertificatesModule once and registers its routes.
 */
import { join } from 'node:path';
import { certificateAccess } from './access.ts';
import { defaultSchemaDir, loadDccSchema } from './codec/index.ts';
import { eventsRepository } from './events-repository.ts';
import { certificatesFromEvents, type RecordStore } from './from-events.ts';
import { issuanceService } from './issuance.ts';
import { loadOrCreateDevKeys, loadOwnTrust, loadSigningKeys } from './keys.ts';
import type { AuditLog } from './log.ts';
import { loadValueSetLabels } from './render/value-sets.ts';
import { loadRapidTestDevices } from './rapid-test-devices.ts';
import { certificatesRepository } from './repository.ts';
import { revocationService } from './revocation.ts';
import { registerHolderRoutes } from './routes-holders.ts';
import { registerCertificateRoutes } from './routes.ts';
import { verifierService } from './verifier.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TypedApp } from '../http/types.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink } from '../shared/principal.ts';

export type CertificatesModuleDeps = {
  db: Kysely<Database>;
  config: { readonly dataDir: string; readonly publicUrl: string };
  logger: AuditLog;
  /** The access log: certificates are clinical data, every read is recorded. */
  audit: AuditSink;
  /** The holder's SMS with the retrieval code goes in the issuing transaction. */
  outbox: Outbox;
  /** Files a certificate in the holder's FSE (the records module; bound late in modules.ts). */
  storeInRecord: RecordStore;
  /** Production: the DSC and its key as PEM files. Without them, development keys in `<dataDir>/keys/`. */
  signingKeyFiles?: { certificatePath: string; privateKeyPath: string } | undefined;
  /** The DCC `is` field. */
  issuerName?: string;
  /** DCC JSON schema and value sets; default ../shared/testdata/dcc-schema. */
  schemaDir?: string;
  now?: () => Date;
};

export async function createCertificatesModule(deps: CertificatesModuleDeps) {
  const now = deps.now ?? (() => new Date());
  const keys = deps.signingKeyFiles ? loadSigningKeys(deps.signingKeyFiles) : await loadOrCreateDevKeys(deps.config.dataDir);
  // Development trusts every DSC generated into the data directory (rotations
  // included); production trusts the DSC it was given.
  const trust = deps.signingKeyFiles ? [keys.signer] : await loadOwnTrust(deps.config.dataDir);
  const schemaDir = deps.schemaDir ?? defaultSchemaDir();
  const schema = loadDccSchema(schemaDir);
  const repo = certificatesRepository(deps.db);

  const issuance = issuanceService({
    repo,
    keys,
    schema,
    labels: loadValueSetLabels(join(schemaDir, 'valuesets')),
    issuerName: deps.issuerName ?? 'Regione Lombardia',
    now,
    log: deps.logger,
  });
  const revocations = revocationService({ repo, country: keys.country, now, log: deps.logger });
  const verifier = verifierService({ trust, country: keys.country, schema, revokedAmong: (ids) => revocations.revokedAmong(ids), now });
  const events = eventsRepository(deps.db);
  const devices = loadRapidTestDevices(join(schemaDir, 'valuesets'));
  const fromEvents = certificatesFromEvents({
    db: deps.db, events, issuance, devices, outbox: deps.outbox, audit: deps.audit, storeInRecord: deps.storeInRecord, publicUrl: deps.config.publicUrl, now,
  });
  const access = certificateAccess({ repo, events, issuance, revocations, audit: deps.audit, now });
  return {
    issuance,
    revocations,
    verifier,
    fromEvents,
    access,
    /** graphile-worker tasks: the vaccination certificate job. */
    tasks: fromEvents.tasks,
    /** For scheduling's onVaccinated: queues the certificate in the dose's transaction. */
    requestVaccinationCertificate: (trx: Kysely<Database>, vaccinationId: number) => fromEvents.requestVaccinationCertificate(trx, vaccinationId),
    registerRoutes(app: TypedApp): void {
      registerCertificateRoutes(app, { verifier, revocations });
      registerHolderRoutes(app, { access, fromEvents, devices });
    },
  };
}

export type CertificatesModule = Awaited<ReturnType<typeof createCertificatesModule>>;
