import type { Binary, Bundle, DocumentReference, OperationOutcome } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearerCaller,
  facilityToken,
  startRecordsTestServer,
  type Caller,
  type RecordsTestServer,
} from '../../../test/support/records/server.ts';
import { provideBundle } from './build.ts';
import { documentInput as input, idOf, pdf } from '../../../test/support/records/submissions.ts';

let server: RecordsTestServer;
let hospital: Caller;
let maria: { id: number; fiscal_code: string };

beforeAll(async () => {
  server = await startRecordsTestServer({ seed: false });
  hospital = bearerCaller(await facilityToken(server.baseUrl));
  maria = await server.db.kysely
    .selectFrom('citizens')
    .select(['id', 'fiscal_code'])
    .where('given_name', '=', 'Maria')
    .where('family_name', '=', 'Brambilla')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await server.close();
});

const post = (bundle: unknown, caller: Caller = hospital) => caller.send('POST', server.fhirBase, bundle);
const counts = async () =>
  (
    await sql<{ d: number; b: number; l: number; i: number }>`
  SELECT (SELECT count(*) FROM fhir_document_reference)::int AS d, (SELECT count(*) FROM fhir_binary)::int AS b,
         (SELECT count(*) FROM fhir_list)::int AS l, (SELECT count(*) FROM fse_ingestion)::int AS i`.execute(
      server.db.kysely,
    )
  ).rows[0];

describe('ITI-65 Provide Document Bundle', () => {
  it('stores the submission and answers a transaction-response with locations', async () => {
    const doc = input();
    const response = await post(provideBundle({ fiscalCode: maria.fiscal_code }, [doc], { sourceId: 'urn:test' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const result = (await response.json()) as Bundle;
    expect(result.type).toBe('transaction-response');
    expect(result.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created', '201 Created']);
    const docId = idOf(result.entry?.[1]?.response?.location);
    const read = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${docId}`)
    ).json()) as DocumentReference;
    expect(read).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: `Patient/${maria.id}` },
      meta: { versionId: '1' },
    });
    const url = read.content[0]?.attachment.url ?? '';
    expect(url).toMatch(new RegExp(`^${server.fhirBase}/Binary/`));
    const bytes = await hospital.get(url); // ITI-68: the document itself
    expect(bytes.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await bytes.arrayBuffer()).equals(doc.content)).toBe(true);
    const asFhir = (await (await hospital.get(url, { accept: 'application/fhir+json' })).json()) as Binary;
    expect(asFhir).toMatchObject({
      resourceType: 'Binary',
      contentType: 'application/pdf',
      data: doc.content.toString('base64'),
      securityContext: { reference: `DocumentReference/${docId}` },
    });
  });

  it('does not duplicate a document posted twice (same masterIdentifier and bytes)', async () => {
    const doc = input();
    const first = (await (
      await post(provideBundle({ patientId: maria.id }, [doc], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const before = await counts();
    const again = await post(provideBundle({ patientId: maria.id }, [doc], { sourceId: 'urn:test' }));
    expect(again.status).toBe(200);
    const replay = (await again.json()) as Bundle;
    expect(replay.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(replay.entry?.map((e) => e.response?.location)).toEqual(first.entry?.map((e) => e.response?.location));
    expect(await counts()).toEqual(before);
  });

  it('refuses the same masterIdentifier for different bytes with 409, storing nothing', async () => {
    const doc = input();
    await post(provideBundle({ patientId: maria.id }, [doc], { sourceId: 'urn:test' }));
    const before = await counts();
    const response = await post(
      provideBundle({ patientId: maria.id }, [{ ...doc, content: pdf('other') }], { sourceId: 'urn:test' }),
    );
    expect(response.status).toBe(409);
    expect(((await response.json()) as OperationOutcome).issue[0]?.code).toBe('conflict');
    expect(await counts()).toEqual(before);
  });

  it('replaces a document: the old one is superseded in the same transaction', async () => {
    const first = (await (
      await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }))
    ).json()) as Bundle;
    const oldId = idOf(first.entry?.[1]?.response?.location);
    const second = (await (
      await post(
        provideBundle({ patientId: maria.id }, [input({ replaces: oldId, description: 'Referto corretto' })], {
          sourceId: 'urn:test',
        }),
      )
    ).json()) as Bundle;
    const newId = idOf(second.entry?.[1]?.response?.location);
    const old = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${oldId}`)
    ).json()) as DocumentReference;
    expect(old).toMatchObject({ status: 'superseded', meta: { versionId: '2' } });
    const replacement = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${newId}`)
    ).json()) as DocumentReference;
    expect(replacement.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${oldId}` } }]);
    const v1 = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference/${oldId}/_history/1`)
    ).json()) as DocumentReference;
    expect(v1.status).toBe('current');
    const current = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference?patient=${maria.id}&status=current&_count=200`)
    ).json()) as Bundle;
    const ids = current.entry?.map((e) => e.resource?.id);
    expect(ids).toContain(newId);
    expect(ids).not.toContain(oldId);
    const related = (await (
      await hospital.get(`${server.fhirBase}/DocumentReference?relatesto=DocumentReference/${oldId}`)
    ).json()) as Bundle;
    expect(related.entry?.map((e) => e.resource?.id)).toEqual([newId]);
    // Replacing it again is refused: it is no longer current.
    const before = await counts();
    expect(
      (await post(provideBundle({ patientId: maria.id }, [input({ replaces: oldId })], { sourceId: 'urn:test' })))
        .status,
    ).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with an OperationOutcome and stores nothing', async () => {
    const before = await counts();
    const good = () => provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' });
    const docIn = (b: Bundle) => b.entry?.[1]?.resource as DocumentReference;
    const cases: [string, Bundle | object, string][] = [];
    const wrongHash = good();
    const att = docIn(wrongHash).content[0]?.attachment;
    if (att !== undefined) att.hash = Buffer.alloc(20).toString('base64');
    cases.push(['hash', wrongHash, 'Bundle.entry[1].resource.content[0].attachment.hash']);
    cases.push([
      'unknown patient',
      provideBundle({ fiscalCode: 'RSSMRA80A01F205X' }, [input()], { sourceId: 'urn:test' }),
      'Bundle.entry[0].resource.subject',
    ]);
    cases.push([
      'class',
      provideBundle(
        { patientId: maria.id },
        [input({ docClass: 'REF', type: { code: '18842-5', display: 'Discharge summary' } })],
        { sourceId: 'urn:test' },
      ),
      'Bundle.entry[1].resource.type',
    ]);
    const noBinary = good();
    noBinary.entry?.splice(2, 1);
    cases.push(['binary missing', noBinary, 'Bundle.entry[1].resource.content[0].attachment.url']);
    cases.push(['not a bundle', { resourceType: 'Patient' }, 'Bundle.resourceType']);
    for (const [name, bundle, field] of cases) {
      const response = await post(bundle);
      expect(response.status, name).toBe(400);
      const outcome = (await response.json()) as OperationOutcome;
      expect(outcome.resourceType, name).toBe('OperationOutcome');
      expect(
        outcome.issue.flatMap((i) => i.expression ?? []),
        name,
      ).toContain(field);
    }
    expect(
      (await hospital.send('POST', server.fhirBase, '{"resourceType": ', { 'content-type': 'application/fhir+json' }))
        .status,
    ).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it(
    'refuses documents a browser would run script from (XHTML, SVG, ' +
      'HTML, DTDs), with an OperationOutcome, storing nothing',
    async () => {
      const before = await counts();
      const hostile: [string, string, string][] = [
        [
          'XHTML',
          'text/xml',
          '<html xmlns="http://www.w3.org/1999/xhtml">' +
            '<body><script>parent.stolen = document.cookie</script></body></html>',
        ],
        [
          'SVG',
          'application/xml',
          '<svg xmlns="http://www.w3.org/2000/svg" onload="parent.stolen = 1"><circle r="5"/></svg>',
        ],
        ['HTML', 'text/xml', '<html><body><img src="x" onerror="parent.stolen = 1"/></body></html>'],
        [
          'script in a CDA',
          'application/hl7-v3+xml',
          '<ClinicalDocument xmlns="urn:hl7-org:v3">' +
            '<h:script xmlns:h="http://www.w3.org/1999/xhtml">1</h:script></ClinicalDocument>',
        ],
        [
          'external entity',
          'text/xml',
          '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><ClinicalDocument>&x;</ClinicalDocument>',
        ],
        ['HTML declared as text/html', 'text/html', '<!doctype html><script>parent.stolen = 1</script>'],
      ];
      for (const [name, contentType, text] of hostile) {
        const response = await post(
          provideBundle({ patientId: maria.id }, [input({ content: Buffer.from(text), contentType })], {
            sourceId: 'urn:test',
          }),
        );
        expect(response.status, name).toBe(400);
        expect(response.headers.get('content-type'), name).toContain('application/fhir+json');
        const outcome = (await response.json()) as OperationOutcome;
        expect(outcome.resourceType, name).toBe('OperationOutcome');
        const issue = outcome.issue.find(
          (i) => i.expression?.some((e) => e.startsWith('Bundle.entry[2].resource.')) === true,
        );
        expect(issue?.expression, name).toEqual([
          contentType === 'text/html' ? 'Bundle.entry[2].resource.contentType' : 'Bundle.entry[2].resource.data',
        ]);
        expect(issue?.diagnostics ?? issue?.details?.text ?? '', name).not.toBe('');
      }
      // A clean CDA still goes through.
      const cda = Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?>' +
          '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Referto</title></ClinicalDocument>',
      );
      expect(
        (
          await post(
            provideBundle({ patientId: maria.id }, [input({ content: cda, contentType: 'text/xml' })], {
              sourceId: 'urn:test',
            }),
          )
        ).status,
      ).toBe(200);
      const after = await counts();
      expect({ d: after?.d, b: after?.b }).toEqual({ d: (before?.d ?? 0) + 1, b: (before?.b ?? 0) + 1 });
    },
  );

  it('needs the fse:write scope and a facility', async () => {
    const reader = bearerCaller(await facilityToken(server.baseUrl, 'fse:read'));
    const response = await post(provideBundle({ patientId: maria.id }, [input()], { sourceId: 'urn:test' }), reader);
    expect(response.status).toBe(403);
    expect(
      (
        await fetch(server.fhirBase, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });
});
