import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/browserless-login.ts';
import { provideBundle } from '../mhd/build.ts';
import {
  bearerCaller,
  facilityToken,
  sessionCaller,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';

let server: RecordsTestServer;
let maria: Caller;
let mariaId: number;

beforeAll(async () => {
  server = await startRecordsTestServer();
  maria = sessionCaller(await loginAs(server.baseUrl, 'maria.brambilla'));
  const row = await server.db.kysely
    .selectFrom('citizens')
    .select(['id'])
    .where('given_name', '=', 'Maria')
    .where('synthetic_seed', 'is', null)
    .executeTakeFirstOrThrow();
  mariaId = row.id;
});
afterAll(async () => {
  await server.close();
});

const api = (path: string) => `${server.baseUrl}/api/${path}`;
const json = async <T>(response: Response | Promise<Response>): Promise<T> => {
  const r = await response;
  if (r.status >= 300) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

describe('stored content that is not a PDF (issue #16: stored script through published documents)', () => {
  it(
    'is only ever an attachment, in a sandbox, never sniffed: even ' + 'XHTML with a script stored before the checks',
    async () => {
      const hospital = bearerCaller(await facilityToken(server.baseUrl));
      const cda = Buffer.from(
        '<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>Referto</title></ClinicalDocument>',
      );
      const published = await json<{ entry: { response: { location: string } }[] }>(
        hospital.send(
          'POST',
          `${server.baseUrl}/fhir/R4`,
          provideBundle(
            { patientId: mariaId },
            [
              {
                masterIdentifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.25.4242424242' },
                docClass: 'REF',
                description: 'Referto CDA',
                date: '2026-03-10T09:30:00+01:00',
                content: cda,
                contentType: 'text/xml',
              },
            ],
            { sourceId: 'urn:test' },
          ),
        ),
      );
      const docId =
        published.entry
          .map((e) => e.response.location)
          .find((l) => l.startsWith('DocumentReference/'))
          ?.split('/')[1] ?? '';
      // What a facility could store before the content checks: a "CDA" that is an XHTML page with a script.
      const xhtml = '<html xmlns="http://www.w3.org/1999/xhtml"><script>parent.stolen = 1</script></html>';
      await sql`UPDATE fhir_binary SET data = ${Buffer.from(xhtml)}
      WHERE document_id::text = ${docId}`.execute(server.db.kysely);
      for (const url of [
        api(`records/documents/${docId}/content`),
        api(`records/documents/${docId}/content?download=true`),
      ]) {
        const response = await maria.get(url);
        expect(response.status, url).toBe(200);
        expect(response.headers.get('content-type'), url).toContain('text/xml');
        expect(response.headers.get('content-disposition'), url).toMatch(/^attachment; filename=".*\.xml"$/);
        expect(response.headers.get('content-security-policy'), url).toBe(
          "sandbox; default-src 'none'; frame-ancestors 'none'",
        );
        expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      }
      // The same bytes through FHIR (ITI-68) are an attachment in the same sandbox.
      const binaryId = (
        await server.db.kysely
          .selectFrom('fhir_binary')
          .select(sql<string>`id::text`.as('id'))
          .where(sql`document_id::text`, '=', docId)
          .executeTakeFirstOrThrow()
      ).id;
      const raw = await maria.get(`${server.baseUrl}/fhir/R4/Binary/${binaryId}`, { accept: 'text/xml' });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="${binaryId}.xml"`);
      expect(raw.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; frame-ancestors 'none'");
      expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );
});
