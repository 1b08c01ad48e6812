/**
 * The certificates module, assembled: keys, repository, services and routes.
 * platform.ts calls createCertificatesModule once and registers its routes.
 */
import { join } from 'node:path';
import { defaultSchemaDir, loadDccSchema } from './codec/index.ts';
import { issuanceService } from './issuance.ts';
import { loadOrCreateDevKeys, loadOwnTrust, loadSigningKeys } from './keys.ts';
import type { AuditLog } from './log.ts';
import { loadValueSetLabels } from './render/value-sets.ts';
import { certificatesRepository } from './repository.ts';
import { revocationService } from './revocation.ts';
import { registerCertificateRoutes } from './routes.ts';
import { verifierService } from './verifier.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TypedApp } from '../http/types.ts';

export type CertificatesModuleDeps = {
  db: Kysely<Database>;
  config: { readonly dataDir: string };
  logger: AuditLog;
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
  return {
    issuance,
    revocations,
    verifier,
    registerRoutes(app: TypedApp): void {
      registerCertificateRoutes(app, { verifier, revocations });
    },
  };
}

export type CertificatesModule = Awaited<ReturnType<typeof createCertificatesModule>>;
