import type { Kysely, QueryExecutorProvider } from 'kysely';
import { sql } from 'kysely';
import { readCdaHeader } from '../../../src/fse2/gateway/cda-header.ts';
import type { NationalDocuments } from '../../../src/records/index.ts';
import { cdaPdf, exampleCda, type ExampleType } from './national-documents.ts';

/**
 * A national example as another facility would send it: its organisation names, the first effectiveTime of each
 * result and its values replaced (the CDA's own text, so the header the record indexes says the same).
 */
export function variantCda(
  type: ExampleType,
  fiscalCode: string,
  change: { readonly organisation?: string; readonly replace?: readonly (readonly [string | RegExp, string])[] },
): Buffer {
  let text = exampleCda(type, fiscalCode).toString('utf8');
  if (change.organisation !== undefined)
    text = text
      .replaceAll('SAN RAFFAELE NOMENTANA', change.organisation)
      .replaceAll('>XXX<', `>${change.organisation}<`);
  // A string: every occurrence; a RegExp without the g flag: its first match only.
  for (const [from, to] of change.replace ?? [])
    text = typeof from === 'string' ? text.replaceAll(from, to) : text.replace(from, to);
  return Buffer.from(text);
}

/** Files a CDA2 for a citizen through records' national service, as the Gateway does after its checks. */
export async function fileCda(
  national: NationalDocuments,
  db: Kysely<never>,
  cda: Buffer,
  options: {
    readonly fiscalCode: string;
    readonly uniqueId: string;
    readonly docClass: string;
    readonly derive: (trx: QueryExecutorProvider, documentId: string, cda: Buffer) => Promise<void>;
    readonly hidden?: boolean;
  },
): Promise<string> {
  const header = readCdaHeader(cda);
  const title = header.title === '' ? header.code.displayName : header.title;
  const facility = (
    await sql<{ facility_id: number; client_id: string }>`
      SELECT facility_id, client_id FROM facility_clients ORDER BY client_id LIMIT 1`.execute(db)
  ).rows[0];
  if (facility === undefined) throw new Error('no facility client');
  const filed = await national.file(
    {
      fiscalCode: options.fiscalCode,
      uniqueId: options.uniqueId,
      docClass: options.docClass,
      type: { code: header.code.code, display: header.code.displayName },
      title,
      date: header.effectiveTime ?? new Date().toISOString(),
      pdf: await cdaPdf(cda, title),
      author: header.author === null ? null : { given: header.author.given, family: header.author.family },
      organisation: header.organisation,
      sourceId: '2.16.840.1.113883.2.9.2.30.4.3',
      replaces: null,
      facilityType: { system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.1', code: 'Ospedale' },
      practiceSetting: { system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.2', code: 'AD_PSC001' },
      events: [{ system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.3', code: 'P97' }],
      period: null,
      securityLabels: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: options.hidden ? 'V' : 'N' },
      ],
    },
    {
      principal: {
        kind: 'facility',
        clientId: facility.client_id,
        facilityId: facility.facility_id,
        scopes: ['fse:write'],
      },
      requestId: `test-views-${options.uniqueId}`,
    },
    (trx, documentId) => options.derive(trx, documentId, cda),
  );
  return filed.documentId;
}
