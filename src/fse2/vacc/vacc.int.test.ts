/**
 * Salus's own VACC CDA2s on the real platform: a dose recorded at the centre files exactly one
 * single-vaccination document in the record (a replayed job files nothing), visible through the
 * FHIR DocumentReference search like any document and valid on the pinned catalog; the citizen,
 * and a delegate, get the vaccination certificate CDA2 compiled from the record, with its audit.
 */
import { sql } from 'kysely';
import { parseXmlDocument } from 'slimdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../../registry/index.ts';
import { loginAs, type LoggedIn } from '../../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { createCdaValidator, type CdaValidator } from '../index.ts';

let platform: TestPlatform;
let validator: CdaValidator;
let vaccinator: LoggedIn;
let giuseppe: LoggedIn;
let anna: LoggedIn;
let maria: LoggedIn;
const fiscalCodes = new Map<string, string>();
const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const cf = (u: string): string => fiscalCodes.get(u) ?? '';
const CERTIFICATE = '/api/me/fse2/vaccination-certificate';

const api = (path: string, s: LoggedIn, method = 'GET', body?: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { cookie: s.jar.header(), 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function walkIn(person: { fiscalCode: string; card: string }, product: string, doseNumber: number) {
  const response = await api('/api/centre/walk-ins', vaccinator, 'POST', {
    fiscalCode: person.fiscalCode,
    healthCardNumber: person.card,
    product,
    lot: `LOT-${product.slice(0, 3).toUpperCase()}-${doseNumber}`,
    doseNumber,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { vaccinationId: number }).vaccinationId;
}

const filed = (vaccinationId: number) =>
  platform.db.kysely
    .selectFrom('fse2_vacc_documents')
    .selectAll()
    .where('vaccination_id', '=', vaccinationId)
    .executeTakeFirst();

/** The job's last errors, so that a document that never comes says why. */
const jobErrors = async (): Promise<string> => {
  const { rows } = await sql<{ last_error: string | null }>`SELECT last_error FROM graphile_worker.jobs
    WHERE task_identifier = 'fse2_vacc_document' AND last_error IS NOT NULL`.execute(platform.db.kysely);
  return JSON.stringify(rows.map((r) => r.last_error));
};

async function filedDocument(vaccinationId: number) {
  await expect
    .poll(async () => (await filed(vaccinationId)) !== undefined || (await jobErrors()), {
      timeout: 60_000,
      interval: 250,
    })
    .toBe(true);
  const row = await filed(vaccinationId);
  if (row === undefined) throw new Error('not filed');
  return row;
}

/** The record's VAC documents of a citizen (any status), by fiscal code. */
async function vacDocuments(fiscalCode: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM fhir_document_reference d
    JOIN citizens c ON c.id = d.patient_id WHERE c.fiscal_code = ${fiscalCode} AND d.doc_class = 'VAC'`.execute(
    platform.db.kysely,
  );
  return rows[0]?.n ?? -1;
}

const pendingJobs = async (task: string): Promise<number> => {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs
    WHERE task_identifier = ${task}`.execute(platform.db.kysely);
  return rows[0]?.n ?? -1;
};

let nicolo: { fiscalCode: string; card: string };
const doses = new Map<string, number[]>();

beforeAll(async () => {
  [platform, validator] = await Promise.all([startTestPlatform({ demoCitizens: 50 }), createCdaValidator()]);
  const demo = (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
    accounts: { username: string; fiscalCode: string }[];
  };
  for (const a of demo.accounts) fiscalCodes.set(a.username, a.fiscalCode);
  [vaccinator, giuseppe, anna, maria] = await Promise.all([
    loginAs(platform.baseUrl, 'vacc.ferrari', { as: 'operator' }),
    loginAs(platform.baseUrl, 'giuseppe.locatelli'),
    loginAs(platform.baseUrl, 'anna.sala'),
    loginAs(platform.baseUrl, 'maria.brambilla'),
  ]);
  // A person of the generated population, renamed so that the name carries an accent and an apostrophe.
  const { rows } = await sql<{ fiscal_code: string; health_card_number: string }>`
    UPDATE citizens SET given_name = 'Nicolò', family_name = 'D''Alessandro'
    WHERE id = (SELECT min(id) FROM citizens WHERE synthetic_seed IS NOT NULL)
    RETURNING fiscal_code, health_card_number`.execute(platform.db.kysely);
  nicolo = { fiscalCode: rows[0]?.fiscal_code ?? '', card: rows[0]?.health_card_number ?? '' };
  const g = { fiscalCode: cf('giuseppe.locatelli'), card: card('giuseppe.locatelli') };
  const a = { fiscalCode: cf('anna.sala'), card: card('anna.sala') };
  doses.set('giuseppe', [
    await walkIn(g, 'Spikevax', 1),
    await walkIn(g, 'Spikevax', 2),
    await walkIn(g, 'Comirnaty', 3),
  ]);
  doses.set('anna', [await walkIn(a, 'Vaxzevria', 1)]);
  doses.set('nicolo', [await walkIn(nicolo, 'Jcovden', 1)]);
}, 180_000);
afterAll(async () => {
  await validator.close();
  await platform.close();
});

describe('a dose recorded at the vaccination centre', () => {
  it('files one single-vaccination CDA2 per dose, with 0 errors on the pinned catalog', async () => {
    const all = [...doses.values()].flat();
    for (const id of all) {
      const row = await filedDocument(id);
      const result = await validator.validate(Buffer.from(row.cda, 'utf8'));
      expect(result.errors, row.cda).toEqual([]);
      expect(result).toMatchObject({ valid: true, documentType: 'SING_VACC' });
    }
    const nicoloCda = (await filedDocument(doses.get('nicolo')?.[0] ?? 0)).cda;
    const family = parseXmlDocument(nicoloCda).getElementsByTagNameNS('urn:hl7-org:v3', 'family')[0];
    expect(family?.textContent).toBe("D'Alessandro");
    expect(nicoloCda).toContain('<given>Nicolò</given>');
    expect(nicoloCda).toContain('<lotNumberText>LOT-JCO-1</lotNumberText>');
    expect(await vacDocuments(cf('giuseppe.locatelli'))).toBe(3);
    expect(await vacDocuments(cf('anna.sala'))).toBe(1);
    expect(await vacDocuments(nicolo.fiscalCode)).toBe(1);
  }, 120_000);

  it('files nothing new when the job runs again', async () => {
    const id = doses.get('anna')?.[0] ?? 0;
    const before = await filedDocument(id);
    await sql`SELECT graphile_worker.add_job('fse2_vacc_document',
      json_build_object('vaccinationId', ${id}::bigint))`.execute(platform.db.kysely);
    await expect.poll(() => pendingJobs('fse2_vacc_document'), { timeout: 30_000, interval: 250 }).toBe(0);
    expect(await vacDocuments(cf('anna.sala'))).toBe(1);
    expect(await filed(id)).toEqual(before);
  }, 60_000);

  it('files nothing for a dose dated in the future (a data error, left uncertified like its EU DCC)', async () => {
    const { rows } = await sql<{ id: number }>`INSERT INTO vaccinations
        (citizen_id, centre_id, product, lot, dose_number, administered_at, staff_operator_id)
      SELECT c.id, ce.id, 'Vaxzevria', 'FF1234', 1, '2030-01-01T10:00:00Z', o.id
      FROM citizens c, centres ce, operators o
      WHERE c.fiscal_code = ${cf('maria.brambilla')} AND ce.code = 'HUB-MI-001' AND o.username = 'vacc.ferrari'
      RETURNING id`.execute(platform.db.kysely);
    const id = rows[0]?.id ?? 0;
    await sql`SELECT graphile_worker.add_job('fse2_vacc_document', json_build_object('vaccinationId', ${id}::bigint),
      job_key => ${`fse2:vacc:${id}`})`.execute(platform.db.kysely);
    await expect.poll(() => pendingJobs('fse2_vacc_document'), { timeout: 30_000, interval: 250 }).toBe(0);
    expect(await filed(id)).toBeUndefined();
    expect(await vacDocuments(cf('maria.brambilla'))).toBe(0);
  }, 60_000);

  it('is found by the FHIR DocumentReference search, as a VAC document with its PDF', async () => {
    const row = await filedDocument(doses.get('anna')?.[0] ?? 0);
    const search = await api(
      `/fhir/R4/DocumentReference?patient.identifier=${encodeURIComponent(
        `http://hl7.it/sid/codiceFiscale|${cf('anna.sala')}`,
      )}`,
      anna,
    );
    const bundle = (await search.json()) as {
      entry?: {
        resource: {
          id: string;
          type: { coding: { code: string }[] };
          category: { coding: { code: string }[] }[];
          content: { attachment: { contentType: string } }[];
        };
      }[];
    };
    expect(search.status, JSON.stringify(bundle)).toBe(200);
    const found = bundle.entry?.find((e) => e.resource.id === row.document_reference_id)?.resource;
    expect(found?.type.coding[0]?.code).toBe('87273-9');
    expect(found?.category[0]?.coding[0]?.code).toBe('VAC');
    expect(found?.content[0]?.attachment.contentType).toBe('application/pdf');
  });
});

describe('the vaccination certificate CDA2', () => {
  const certificateOf = async (s: LoggedIn) => {
    const response = await api(CERTIFICATE, s);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const cda = await response.text();
    const result = await validator.validate(Buffer.from(cda, 'utf8'));
    expect(result.errors, cda).toEqual([]);
    expect(result).toMatchObject({ valid: true, documentType: 'CERT_VACC' });
    return parseXmlDocument(cda).getElementsByTagNameNS('urn:hl7-org:v3', 'substanceAdministration').length;
  };

  it('is compiled from the record for 3 doses and for 1, and the read is in the access log', async () => {
    expect(await certificateOf(giuseppe)).toBe(3);
    expect(await certificateOf(anna)).toBe(1);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events e
      JOIN citizens c ON c.id = e.subject_citizen_id
      WHERE e.purpose = 'vaccination-certificate' AND e.action = 'read' AND e.outcome = 'success'
        AND c.fiscal_code = ${cf('giuseppe.locatelli')}`.execute(platform.db.kysely);
    expect(rows[0]?.n).toBe(1);
  });

  it('answers 404 when the record holds no dose, and serves a delegate acting for the person', async () => {
    const none = await api(CERTIFICATE, maria);
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const delegation = await api('/api/me/delegations', anna, 'POST', {
      fiscalCode: cf('maria.brambilla'),
      healthCardNumber: card('maria.brambilla'),
    });
    expect(delegation.status).toBe(201);
    expect((await api('/api/me/acting-for', maria, 'POST', { fiscalCode: cf('anna.sala') })).status).toBe(204);
    expect(await certificateOf(maria)).toBe(1);
    const { rows } = await sql<{ on_behalf_of_citizen_id: number | null }>`SELECT e.on_behalf_of_citizen_id
      FROM audit_events e JOIN citizens c ON c.id = e.subject_citizen_id
      WHERE e.purpose = 'vaccination-certificate' AND c.fiscal_code = ${cf('anna.sala')}
      ORDER BY e.id DESC LIMIT 1`.execute(platform.db.kysely);
    expect(rows[0]?.on_behalf_of_citizen_id).not.toBeNull();
  });

  it('is refused to an operator', async () => {
    expect((await api(CERTIFICATE, vaccinator)).status).toBe(403);
  });
});
