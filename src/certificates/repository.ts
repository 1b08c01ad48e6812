/** All SQL of the certificates module. Services call these; nothing else touches the tables. */
import type { Selectable } from 'kysely';
import type { CertificateType, DccPayload } from './codec/index.ts';
import type { CertificatesTables, DccCertificatesTable, DccRevocationsTable } from './db-types.ts';
import { ownTables, type Db } from '../db/tables.ts';

export type CertificateRow = Selectable<DccCertificatesTable>;
export type RevocationRow = Selectable<DccRevocationsTable>;

export type NewCertificate = {
  uvci: string;
  type: CertificateType;
  fiscalCode: string;
  payload: DccPayload;
  hc1: string;
  kid: string;
  issuedAt: Date;
  expiresAt: Date;
  retrievalCodeHash: string;
  sourceRef: string;
};

/**
 * `handle` is any handle holding certificates' tables (the composition root's); the queries see those alone. A
 * transaction opened here also carries the SMS outbox's row (`inTransaction`'s `trx`): the outbox writes in
 * whatever transaction it is given (src/shared/outbox.ts), same connection, another module's table.
 */
export function certificatesRepository<All extends CertificatesTables>(handle: Db<All>) {
  const db = ownTables<CertificatesTables, All>(handle);
  return {
    ...certificateQueries(db),
    /** Runs `work` in one transaction, with the queries bound to it. */
    inTransaction<T>(work: (trx: Db<CertificatesTables>, repo: CertificateQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(trx, certificateQueries(trx)));
    },
  };
}

function certificateQueries(db: Db<CertificatesTables>) {
  return {
    /**
     * Inserts unless a certificate for the same source event exists; returns null
     * then. One statement, so two concurrent issuers of one event cannot both win.
     */
    async insertUnlessSourceExists(c: NewCertificate): Promise<CertificateRow | null> {
      const row = await db
        .insertInto('dcc_certificates')
        .values({
          uvci: c.uvci,
          type: c.type,
          fiscal_code: c.fiscalCode,
          payload: JSON.stringify(c.payload),
          hc1: c.hc1,
          kid: c.kid,
          issued_at: c.issuedAt,
          expires_at: c.expiresAt,
          retrieval_code_hash: c.retrievalCodeHash,
          source_ref: c.sourceRef,
        })
        .onConflict((oc) => oc.column('source_ref').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ?? null;
    },

    async findBySourceRef(sourceRef: string): Promise<CertificateRow | null> {
      const row = await db
        .selectFrom('dcc_certificates')
        .selectAll()
        .where('source_ref', '=', sourceRef)
        .executeTakeFirst();
      return row ?? null;
    },

    async findByUvci(uvci: string): Promise<CertificateRow | null> {
      const row = await db.selectFrom('dcc_certificates').selectAll().where('uvci', '=', uvci).executeTakeFirst();
      return row ?? null;
    },

    /**
     * A holder's certificates not yet expired, newest first. Expired ones are left
     * out: a worker tested twice a week piles up a hundred test certificates a
     * year, but only the last few are still alive.
     */
    listUnexpiredByFiscalCode(fiscalCode: string, now: Date): Promise<CertificateRow[]> {
      return db
        .selectFrom('dcc_certificates')
        .selectAll()
        .where('fiscal_code', '=', fiscalCode)
        .where('expires_at', '>', now)
        .orderBy('issued_at', 'desc')
        .limit(50)
        .execute();
    },

    /** A holder's unexpired certificates with their revocation, newest first (the citizen's list). */
    listForHolder(fiscalCode: string, now: Date): Promise<(CertificateRow & { revoked_at: Date | null })[]> {
      return db
        .selectFrom('dcc_certificates as c')
        .leftJoin('dcc_revocations as r', 'r.uvci', 'c.uvci')
        .selectAll('c')
        .select('r.revoked_at')
        .where('c.fiscal_code', '=', fiscalCode)
        .where('c.expires_at', '>', now)
        .orderBy('c.issued_at', 'desc')
        .limit(50)
        .execute();
    },

    async setRetrievalCodeHash(uvci: string, hash: string): Promise<boolean> {
      const result = await db
        .updateTable('dcc_certificates')
        .set({ retrieval_code_hash: hash })
        .where('uvci', '=', uvci)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Records a revocation; returns null when the UVCI was already revoked (the first record stands). */
    async insertRevocation(r: {
      uvci: string;
      reason: string;
      revokedAt: Date;
      revokedBy: string;
    }): Promise<RevocationRow | null> {
      const row = await db
        .insertInto('dcc_revocations')
        .values({ uvci: r.uvci, reason: r.reason, revoked_at: r.revokedAt, revoked_by: r.revokedBy })
        .onConflict((oc) => oc.column('uvci').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ?? null;
    },

    async findRevocation(uvci: string): Promise<RevocationRow | null> {
      const row = await db.selectFrom('dcc_revocations').selectAll().where('uvci', '=', uvci).executeTakeFirst();
      return row ?? null;
    },

    /** Which of `uvcis` are revoked: the verifier asks about the one or two in a certificate. */
    async revokedAmong(uvcis: readonly string[]): Promise<Set<string>> {
      if (uvcis.length === 0) return new Set();
      const rows = await db
        .selectFrom('dcc_revocations')
        .select('uvci')
        .where('uvci', 'in', [...uvcis])
        .execute();
      return new Set(rows.map((r) => r.uvci));
    },

    /**
     * Revoked certificates that have not expired yet. An expired one fails
     * verification anyway, so leaving it out keeps the published list short.
     */
    activeRevocations(now: Date): Promise<{ uvci: string; expiresAt: Date }[]> {
      return db
        .selectFrom('dcc_revocations as r')
        .innerJoin('dcc_certificates as c', 'c.uvci', 'r.uvci')
        .select(['r.uvci as uvci', 'c.expires_at as expiresAt'])
        .where('c.expires_at', '>', now)
        .orderBy('r.uvci')
        .execute();
    },
  };
}

type CertificateQueries = ReturnType<typeof certificateQueries>;
export type CertificatesRepository = ReturnType<typeof certificatesRepository>;
