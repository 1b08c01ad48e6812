/**
 * The certificates module, assembled: keys, repository, services and routes.
 * platform.ts calls createCertificatesModule once and registers its routes.
 */
import { join } from 'node:path';
import { certificateAccess } from './access.ts';
import { defaultSchemaDir, loadDccSchema } from './codec/index.ts';
import { eventsRepository } from './events-repository.ts';
import { certificatesFromEvents, type RecordStore } from './from-events.ts';
import { certificatesFromResults } from './from-results.ts';
import { issuanceService } from './issuance.ts';
import { loadOrCreateDevKeys, loadOwnCsca, loadOwnTrust, loadSigningKeys } from './keys.ts';
import { salusTrustDid } from './did-trust-list.ts';
import type { AuditLog } from './log.ts';
import { loadValueSetLabels } from './render/value-sets.ts';
import { loadRapidTestDevices } from './rapid-test-devices.ts';
import { certificatesRepository } from './repository.ts';
import { resultsRepository } from './results-repository.ts';
import { certificateRetrieval } from './retrieval-service.ts';
import { revocationService } from './revocation-service.ts';
import { registerHolderRoutes } from './routes-holders.ts';
import { registerResultsRoutes } from './routes-results.ts';
import { registerCertificateRoutes } from './routes.ts';
import { verifierService } from './verifier-service.ts';
import type pg from 'pg';
import { createRateLimiter } from '../http/rate-limit.ts';
import { ownTables, type CallersHandle, type Db } from '../db/tables.ts';
import type { CertificatesDb } from './db-types.ts';
import type { TypedApp } from '../http/types.ts';
import type { Outbox } from '../shared/outbox.ts';
import type { AuditSink } from '../shared/principal.ts';

export type CertificatesModuleDeps<All extends CertificatesDb = CertificatesDb> = {
  /** Any handle holding certificates' tables and the views it reads (the composition root's). */
  db: Db<All>;
  /** For the retrieval rate limits (rate-limiter-flexible's table). */
  pool: pg.Pool;
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

export async function createCertificatesModule<All extends CertificatesDb>(moduleDeps: CertificatesModuleDeps<All>) {
  const deps = { ...moduleDeps, db: ownTables<CertificatesDb, All>(moduleDeps.db) };
  const now = deps.now ?? (() => new Date());
  const keys = deps.signingKeyFiles
    ? loadSigningKeys(deps.signingKeyFiles)
    : await loadOrCreateDevKeys(deps.config.dataDir);
  // Development trusts every DSC generated into the data directory (rotations
  // included); production trusts the DSC it was given.
  const trust = deps.signingKeyFiles ? [keys.signer] : await loadOwnTrust(deps.config.dataDir);
  const schemaDir = deps.schemaDir ?? defaultSchemaDir();
  // Salus signs only what meets every format; it verifies as the reference validators do (codec/schema.ts).
  const schema = loadDccSchema(schemaDir);
  const verifierSchema = loadDccSchema(schemaDir, { formats: 'annotate' });
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
  const verifier = verifierService({
    trust,
    country: keys.country,
    did: salusTrustDid(deps.config.publicUrl),
    csca: deps.signingKeyFiles ? null : loadOwnCsca(deps.config.dataDir),
    schema: verifierSchema,
    revokedAmong: (ids) => revocations.revokedAmong(ids),
    now,
  });
  const events = eventsRepository(deps.db);
  const devices = loadRapidTestDevices(join(schemaDir, 'valuesets'));
  const fromEvents = certificatesFromEvents({
    events,
    issuance,
    devices,
    outbox: deps.outbox,
    audit: deps.audit,
    storeInRecord: deps.storeInRecord,
    publicUrl: deps.config.publicUrl,
    now,
    log: deps.logger,
  });
  const access = certificateAccess({ repo, events, issuance, revocations, audit: deps.audit, now });
  const fromResults = certificatesFromResults({
    results: resultsRepository(deps.db),
    issueAndDeliver: fromEvents.issueAndDeliver,
    audit: deps.audit,
    now,
  });
  const retrieval = certificateRetrieval({ events, issuance, revocations, audit: deps.audit });
  // A code has 50 bits: 5 tries per codice fiscale per 15 minutes make guessing one
  // hopeless (2^50 / 480 a day), and 30 per address stop a sweep over many people.
  // A holder who mistypes can retry after 15 minutes, and has the SPID route anyway.
  const retrievalLimits = [
    {
      prefix: 'ip:',
      limiter: createRateLimiter(deps.pool, { name: 'dcc-retrieve-ip', points: 30, durationSeconds: 900 }),
    },
    {
      prefix: 'cf:',
      limiter: createRateLimiter(deps.pool, { name: 'dcc-retrieve-cf', points: 5, durationSeconds: 900 }),
    },
  ];
  const limitRetrieval = async (keys: readonly string[]): Promise<void> => {
    for (const { prefix, limiter } of retrievalLimits) {
      await limiter.consume(
        keys.filter((k) => k.startsWith(prefix)),
        'Too many attempts: try again later.',
      );
    }
  };
  return {
    issuance,
    revocations,
    verifier,
    fromEvents,
    fromResults,
    access,
    retrieval,
    /** graphile-worker tasks: the vaccination certificate job. */
    tasks: fromEvents.tasks,
    /** For scheduling's onVaccinated: queues the certificate in the dose's transaction. */
    requestVaccinationCertificate: <Tables>(trx: CallersHandle<Tables>, vaccinationId: number) =>
      fromEvents.requestVaccinationCertificate(trx, vaccinationId),
    registerRoutes(app: TypedApp): void {
      registerCertificateRoutes(app, { verifier, revocations });
      registerHolderRoutes(app, { access, fromEvents, devices });
      registerResultsRoutes(app, { fromResults, retrieval, limitRetrieval });
    },
  };
}

export type CertificatesModule = Awaited<ReturnType<typeof createCertificatesModule>>;
