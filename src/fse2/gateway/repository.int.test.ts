import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import type { GatewayTables } from './db-types.ts';
import { gatewayRepository, type GatewayFiling, type GatewayRepository } from './repository.ts';

// ADR 0028: a publication's Gateway rows in one statement (saveFiling) must store exactly what the statements it
// replaced store (saveFilingStepwise, the code before), keyed the same way.
let test: TestDatabase;
let repo: GatewayRepository;
beforeAll(async () => {
  test = await createTestDatabase();
  repo = gatewayRepository(test.db.kysely as unknown as Kysely<GatewayTables>);
});
afterAll(async () => {
  await test.drop();
});

const FACILITY = 7;
const sha = (n: number) => n.toString(16).padStart(64, '0');

function filing(idDoc: string, cda: string, over: Partial<GatewayFiling> = {}): GatewayFiling {
  return {
    facilityId: FACILITY,
    remember: { warnings: ['W001 a warning'], documentType: 'RAD', catalogVersion: 'catalog-1' },
    workflowInstanceId: `wif-${randomUUID()}`,
    identificativoDoc: idDoc,
    documentReferenceId: randomUUID(),
    cdaSha256: cda,
    typeCode: '68604-8',
    replacing: null,
    event: {
      traceId: `trace-${idDoc}`,
      workflowInstanceId: null,
      eventType: 'PUBLICATION',
      eventStatus: 'SUCCESS',
      facilityId: FACILITY,
      identificativoDocumento: idDoc,
      subject: 'RSSMRA',
      subjectRole: 'AAS',
      tipoAttivita: 'CREATE',
      organizzazione: '030',
      issuer: 'integrity:X',
      message: 'Filed',
    },
    ...over,
  };
}

/** The rows a filing left, without what differs by design between two filings (keys, times, the trace). */
async function rowsOf(idDoc: string, cda: string) {
  const validation = await sql<Record<string, unknown>>`
    SELECT workflow_instance_id, facility_id, document_type, catalog_version, warnings FROM fse2_validations
    WHERE cda_sha256 = ${cda}`.execute(test.db.kysely);
  const document = await sql<Record<string, unknown>>`
    SELECT facility_id, workflow_instance_id, type_code, status FROM fse2_documents
    WHERE identificativo_doc = ${idDoc}`.execute(test.db.kysely);
  const events = await sql<Record<string, unknown>>`
    SELECT workflow_instance_id, event_type, event_status, facility_id, subject, subject_role, tipo_attivita,
      organizzazione, issuer, message FROM fse2_events WHERE identificativo_documento = ${idDoc}`.execute(
    test.db.kysely,
  );
  return { validation: validation.rows, document: document.rows, events: events.rows };
}

/** Replaces each filing's own ids by placeholders, so two filings compare by what they stored. */
const shape = (rows: Awaited<ReturnType<typeof rowsOf>>, workflow: string) =>
  JSON.parse(JSON.stringify(rows).replaceAll(workflow, 'WORKFLOW')) as unknown;

describe('saveFiling: a publication Gateway rows in one statement', () => {
  it('stores the same validation, document and event rows as the statements one by one', async () => {
    const one = filing('DOC-A', sha(1));
    const two = filing('DOC-B', sha(2));
    const workflowOne = await repo.saveFiling(one);
    const workflowTwo = await repo.saveFilingStepwise(two);
    expect(workflowOne).toBe(one.workflowInstanceId);
    expect(workflowTwo).toBe(two.workflowInstanceId);
    const stored = await rowsOf('DOC-A', sha(1));
    expect(stored.validation).toHaveLength(1);
    expect(stored.document).toEqual([
      { facility_id: FACILITY, workflow_instance_id: workflowOne, type_code: '68604-8', status: 'current' },
    ]);
    expect(stored.events).toHaveLength(1);
    expect(shape(stored, workflowOne)).toEqual(shape(await rowsOf('DOC-B', sha(2)), workflowTwo));
  });

  it('files under the facility’s first validation of the CDA, and adds nothing on replay', async () => {
    const first = await repo.saveValidation(FACILITY, {
      workflowInstanceId: 'wif-first',
      cdaSha256: sha(3),
      warnings: [],
      documentType: 'RAD',
      catalogVersion: 'catalog-1',
    });
    const again = filing('DOC-C', sha(3));
    expect(await repo.saveFiling(again)).toBe(first.workflowInstanceId);
    expect(await repo.saveFiling({ ...again, workflowInstanceId: 'wif-other' })).toBe(first.workflowInstanceId);
    const stored = await rowsOf('DOC-C', sha(3));
    expect(stored.validation).toEqual([
      {
        workflow_instance_id: 'wif-first',
        facility_id: FACILITY,
        document_type: 'RAD',
        catalog_version: 'catalog-1',
        warnings: [],
      },
    ]);
    expect(stored.document).toHaveLength(1);
    expect(stored.events).toHaveLength(1);
    expect(stored.document[0]?.workflow_instance_id).toBe('wif-first');
  });

  it('after a separate validation: the given workflow, nothing remembered, the replaced marked', async () => {
    await repo.saveFiling(filing('DOC-OLD', sha(4)));
    const replacing = filing('DOC-NEW', sha(5), {
      remember: null,
      workflowInstanceId: 'wif-separate',
      replacing: 'DOC-OLD',
      event: { ...filing('DOC-NEW', sha(5)).event, eventType: 'REPLACE' },
    });
    expect(await repo.saveFiling(replacing)).toBe('wif-separate');
    expect((await rowsOf('DOC-NEW', sha(5))).validation).toEqual([]);
    expect((await repo.document('DOC-OLD'))?.status).toBe('replaced');
    expect((await repo.document('DOC-NEW'))?.status).toBe('current');
    const events = await repo.events(FACILITY, { workflowInstanceId: 'wif-separate' });
    expect(events.map((e) => [e.event_type, e.identificativo_documento])).toEqual([['REPLACE', 'DOC-NEW']]);
  });
});
