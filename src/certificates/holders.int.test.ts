/**
 * The Green Pass end to end on the real platform: a dose recorded at the centre
 * queues its certificate (the worker issues it, files it in the FSE, texts the
 * code), a pharmacist's rapid test gets one at once, and the routes' policies:
 * roles, someone else's certificate, delegates, the counter, revocation.
 */
import { randomUUID } from 'node:crypto';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS, demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { decodePng } from '../../test/support/certificates/png.ts';

// jsqr is CommonJS: see render/qr-decode.test.ts.
const jsQR = jsQRModule.default;

let platform: TestPlatform;
let maria: LoggedIn;
let anna: LoggedIn;
let giuseppe: LoggedIn;
let pharmacist: LoggedIn;
let vaccinator: LoggedIn;
let region: LoggedIn;
const fiscalCodes = new Map<string, string>();
const card = (u: string): string => demoHealthCard(DEMO_CITIZENS.findIndex((c) => c.username === u));
const headers = (s: LoggedIn) => ({
  cookie: s.jar.header(),
  'x-csrf-token': s.csrf,
  'content-type': 'application/json',
});
const api = (path: string, s: LoggedIn | null, method = 'GET', body?: unknown) =>
  fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: s === null ? { 'content-type': 'application/json' } : headers(s),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const cf = (u: string): string => fiscalCodes.get(u) ?? '';

type Summary = {
  uvci: string;
  type: string;
  revoked: boolean;
  holder: { name: string; birthDate: string };
  event: Record<string, string | number>;
};

async function verifyPng(
  png: Buffer,
): Promise<{ valid: boolean; reason: string; payload: Record<string, unknown> | null }> {
  const image = decodePng(png);
  const hc1 = jsQR(image.data, image.width, image.height)?.data ?? '';
  expect(hc1).toMatch(/^HC1:/);
  return (await api('/api/dcc/verify', null, 'POST', { hc1, rules: 'it' })).json() as Promise<{
    valid: boolean;
    reason: string;
    payload: Record<string, unknown> | null;
  }>;
}

async function smsTo(phone: string): Promise<string[]> {
  const { rows } = await platform.db.pool.query<{ body: string }>(
    `SELECT body FROM notify_messages WHERE recipient = $1 AND idempotency_key LIKE 'dcc:%' ORDER BY id`,
    [phone],
  );
  return rows.map((r) => r.body);
}

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 50 });
  const demo = (await (await fetch(`${platform.baseUrl}/api/demo`)).json()) as {
    accounts: { username: string; fiscalCode: string }[];
  };
  for (const a of demo.accounts) fiscalCodes.set(a.username, a.fiscalCode);
  [maria, anna, giuseppe, pharmacist, vaccinator, region] = await Promise.all([
    loginAs(platform.baseUrl, 'maria.brambilla'),
    loginAs(platform.baseUrl, 'anna.sala'),
    loginAs(platform.baseUrl, 'giuseppe.locatelli'),
    loginAs(platform.baseUrl, 'farm.galli', { as: 'operator' }),
    loginAs(platform.baseUrl, 'vacc.ferrari', { as: 'operator' }),
    loginAs(platform.baseUrl, 'regione.fontana', { as: 'operator' }),
  ]);
}, 120_000);
afterAll(async () => {
  await platform.close();
});

describe('a dose recorded at the centre', () => {
  it('gets its vaccination certificate from the job, in the FSE and by SMS', async () => {
    const walkIn = await api('/api/centre/walk-ins', vaccinator, 'POST', {
      fiscalCode: cf('maria.brambilla'),
      healthCardNumber: card('maria.brambilla'),
      product: 'Comirnaty',
      lot: 'FF1234',
      doseNumber: 1,
    });
    expect(walkIn.status).toBe(201);
    let list: Summary[] = [];
    await expect
      .poll(
        async () => {
          list = (await (await api('/api/me/certificates', maria)).json()) as Summary[];
          return list.length;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(1);
    expect(list[0]).toMatchObject({
      type: 'v',
      revoked: false,
      holder: { name: 'Maria Brambilla', birthDate: '1936-03-12' },
      event: { dn: 1, sd: 2, mp: 'EU/1/20/1528', ma: 'ORG-100030215', co: 'IT' },
    });
    const uvci = list[0]?.uvci ?? '';
    const png = await api(`/api/me/certificates/${encodeURIComponent(uvci)}/qr.png`, maria);
    expect(png.headers.get('content-type')).toBe('image/png');
    // A first dose of two is valid in Italy from day 15: not yet.
    expect(await verifyPng(Buffer.from(await png.arrayBuffer()))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^NOT_VALID_YET/) as string,
    });
    const pdf = await api(`/api/me/certificates/${encodeURIComponent(uvci)}/certificate.pdf?download=true`, maria);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="certificazione-verde-.*\.pdf"$/);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const documents = await platform.db.kysely
      .selectFrom('fhir_document_reference')
      .select(['doc_class', 'master_identifier'])
      .where('master_identifier', 'like', `%|${uvci}`)
      .execute();
    expect(documents).toEqual([
      { doc_class: 'CER', master_identifier: expect.stringContaining('/sid/certificate|') as string },
    ]);
    const sms = await smsTo('+393330000001');
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatch(/certificazione verde COVID-19 \(vaccinazione\) pronta\. Codice [0-9A-Z]{5}-[0-9A-Z]{5}\./);
    const reads = await platform.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'purpose', 'outcome'])
      .where('resource_type', '=', 'DccCertificate')
      .where('resource_id', '=', uvci)
      .execute();
    expect(reads).toEqual(
      expect.arrayContaining([
        { action: 'read', purpose: 'green-pass:qr', outcome: 'success' },
        { action: 'read', purpose: 'green-pass:pdf', outcome: 'success' },
      ]),
    );
  });
});

describe('a rapid test at the pharmacy', () => {
  let testId = 0;
  let uvci = '';
  const requestKey = randomUUID();
  const body = () => ({
    fiscalCode: cf('giuseppe.locatelli'),
    healthCardNumber: card('giuseppe.locatelli'),
    device: '1232',
    result: 'negative',
    requestKey,
  });

  it('issues the test certificate in the request, once per form', async () => {
    const recorded = await api('/api/pharmacy/rapid-tests', pharmacist, 'POST', body());
    expect(recorded.status).toBe(201);
    const first = (await recorded.json()) as { testId: number; certificate: { uvci: string; hc1: string } };
    const again = (await (await api('/api/pharmacy/rapid-tests', pharmacist, 'POST', body())).json()) as typeof first;
    expect(again).toEqual(first);
    ({ testId } = first);
    uvci = first.certificate.uvci;
    const png = await api(`/api/pharmacy/rapid-tests/${testId}/qr.png`, pharmacist);
    expect(await verifyPng(Buffer.from(await png.arrayBuffer()))).toMatchObject({
      valid: true,
      payload: { nam: { fn: 'Locatelli', gn: 'Giuseppe' } },
    });
    expect(
      (await api(`/api/pharmacy/rapid-tests/${testId}/certificate.pdf`, pharmacist)).headers.get('content-type'),
    ).toBe('application/pdf');
    expect(await smsTo('+393330000002')).toHaveLength(1);
    const mine = (await (await api('/api/me/certificates', giuseppe)).json()) as Summary[];
    expect(mine.map((c) => c.uvci)).toEqual([uvci]);
    expect(mine[0]?.event).toMatchObject({
      tt: 'LP217198-3',
      ma: '1232',
      tr: '260415000',
      tc: 'Farmacia Centrale di Milano',
    });
  });

  it('records a positive test without a certificate', async () => {
    const r = await api('/api/pharmacy/rapid-tests', pharmacist, 'POST', {
      ...body(),
      result: 'positive',
      requestKey: randomUUID(),
    });
    expect(await r.json()).toMatchObject({ result: 'positive', certificate: null });
  });

  it('refuses a wrong health card and an unknown device', async () => {
    expect(
      (
        await api('/api/pharmacy/rapid-tests', pharmacist, 'POST', {
          ...body(),
          healthCardNumber: card('maria.brambilla'),
          requestKey: randomUUID(),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api('/api/pharmacy/rapid-tests', pharmacist, 'POST', {
          ...body(),
          device: '999999',
          requestKey: randomUUID(),
        })
      ).status,
    ).toBe(400);
  });

  it('gives the counter copy only to the pharmacist who recorded the test', async () => {
    expect((await api(`/api/pharmacy/rapid-tests/${testId}/qr.png`, null)).status).toBe(401);
    expect((await api(`/api/pharmacy/rapid-tests/${testId}/qr.png`, giuseppe)).status).toBe(403);
    expect((await api(`/api/pharmacy/rapid-tests/${testId}/qr.png`, region)).status).toBe(403);
    expect((await api(`/api/pharmacy/rapid-tests/${testId + 1000}/qr.png`, pharmacist)).status).toBe(404);
    expect(
      (await api('/api/pharmacy/rapid-tests', vaccinator, 'POST', { ...body(), requestKey: randomUUID() })).status,
    ).toBe(403);
  });

  it("refuses someone else's certificate, and lets a delegate in", async () => {
    const path = `/api/me/certificates/${encodeURIComponent(uvci)}/qr.png`;
    expect((await api(path, null)).status).toBe(401);
    expect((await api(path, maria)).status).toBe(403);
    expect((await api(path, pharmacist)).status).toBe(403);
    expect((await api('/api/me/certificates', region)).status).toBe(403);
    const denied = await platform.db.kysely
      .selectFrom('audit_events')
      .select('outcome')
      .where('resource_id', '=', uvci)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(1);

    // Anna becomes Maria's delegate and, acting for her, sees Maria's certificates only.
    expect(
      (
        await api('/api/me/delegations', maria, 'POST', {
          fiscalCode: cf('anna.sala'),
          healthCardNumber: card('anna.sala'),
        })
      ).status,
    ).toBe(201);
    expect((await api('/api/me/acting-for', anna, 'POST', { fiscalCode: cf('maria.brambilla') })).status).toBe(204);
    const forMaria = (await (await api('/api/me/certificates', anna)).json()) as Summary[];
    expect(forMaria.map((c) => c.holder.name)).toEqual(['Maria Brambilla']);
    expect(
      (await api(`/api/me/certificates/${encodeURIComponent(forMaria[0]?.uvci ?? '')}/certificate.pdf`, anna)).status,
    ).toBe(200);
    expect((await api(path, anna)).status).toBe(403);
  });

  it('is revoked by the region only, and then fails verification', async () => {
    const revoke = { uvci, reason: 'Test registrato per la persona sbagliata' };
    expect((await api('/api/region/certificates/revocations', pharmacist, 'POST', revoke)).status).toBe(403);
    expect((await api('/api/region/certificates/revocations', giuseppe, 'POST', revoke)).status).toBe(403);
    const r = await api('/api/region/certificates/revocations', region, 'POST', revoke);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ uvci, alreadyRevoked: false });
    expect(
      await (await api('/api/region/certificates/revocations', region, 'POST', { ...revoke, reason: 'again' })).json(),
    ).toMatchObject({ alreadyRevoked: true, reason: revoke.reason });
    const png = await api(`/api/me/certificates/${encodeURIComponent(uvci)}/qr.png`, giuseppe);
    expect(await verifyPng(Buffer.from(await png.arrayBuffer()))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^REVOKED/) as string,
    });
    expect(((await (await api('/api/me/certificates', giuseppe)).json()) as Summary[])[0]?.revoked).toBe(true);
  });
});
