import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Kysely } from 'kysely';
import { readCdaHeader } from '../../../src/fse2/gateway/cda-header.ts';
import type { NationalDocuments, NationalInTransaction } from '../../../src/records/index.ts';
import { FSE2_EXAMPLES } from './testdata.ts';

/** The record's class of each national example (esempi/CDA), as the Gateway's tipoDocumentoLivAlto maps it. */
export const EXAMPLE_CLASSES = {
  LAB: 'REF',
  RSA: 'REF',
  LDO: 'LDO',
  PSS: 'SUM',
  RAD: 'REF',
  RAP: 'REF',
  CERT_VACC: 'CER',
  SING_VACC: 'VAC',
  VPS: 'VRB',
} as const;
export type ExampleType = keyof typeof EXAMPLE_CLASSES;
export const EXAMPLE_TYPES = Object.keys(EXAMPLE_CLASSES) as ExampleType[];

/** A national example CDA, its patient (recordTarget fiscal code) made `fiscalCode` when given. */
export function exampleCda(type: ExampleType, fiscalCode?: string): Buffer {
  const text = readFileSync(join(FSE2_EXAMPLES, `${type}.xml`), 'utf8');
  if (fiscalCode === undefined) return Buffer.from(text);
  const patient = /(<patientRole[^>]*>\s*<id root="2\.16\.840\.1\.113883\.2\.9\.4\.3\.2" extension=")[^"]*"/;
  if (!patient.test(text)) throw new Error(`${type}: no fiscal code in recordTarget`);
  return Buffer.from(text.replace(patient, `$1${fiscalCode}"`));
}

/** A PDF carrying the CDA as the national ATTACHMENT mode does: an embedded file named cda.xml. */
export async function cdaPdf(cda: Buffer, title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(title, { x: 50, y: 780, size: 14, font });
  await pdf.attach(cda, 'cda.xml', { mimeType: 'text/xml', description: 'CDA2' });
  return Buffer.from(await pdf.save());
}

/**
 * Files a national example for a citizen through records' national service, as the Gateway does after its checks
 * (the Gateway's own tests cover those): returns the DocumentReference id.
 */
export async function fileExample(
  national: NationalDocuments,
  db: Kysely<never>,
  type: ExampleType,
  fiscalCode: string,
  options: { uniqueId?: string; hidden?: boolean; date?: string; also?: NationalInTransaction } = {},
): Promise<string> {
  const cda = exampleCda(type, fiscalCode);
  const header = readCdaHeader(cda);
  // LDO's example has no ClinicalDocument/title: the Gateway's index then shows the type's name.
  const title = header.title === '' ? header.code.displayName : header.title;
  const facility = await (db as unknown as Kysely<{ facility_clients: { facility_id: number; client_id: string } }>)
    .selectFrom('facility_clients')
    .select(['facility_id', 'client_id'])
    .orderBy('client_id')
    .executeTakeFirstOrThrow();
  const filed = await national.file(
    {
      fiscalCode,
      uniqueId: options.uniqueId ?? `2.16.840.1.113883.2.9.2.30.4.4^view-${type}-${fiscalCode}`,
      docClass: EXAMPLE_CLASSES[type],
      type: { code: header.code.code, display: header.code.displayName },
      title,
      date: options.date ?? header.effectiveTime ?? new Date().toISOString(),
      pdf: await cdaPdf(cda, title),
      author:
        header.author === null
          ? null
          : {
              given: header.author.given,
              family: header.author.family,
              ...(header.author.prefix === null ? {} : { prefix: header.author.prefix }),
            },
      organisation: header.organisation,
      sourceId: '2.16.840.1.113883.2.9.2.30.4.3',
      replaces: null,
      // As the Gateway maps tipologiaStruttura, assettoOrganizzativo and attiCliniciRegoleAccesso (gateway/mapping.ts).
      facilityType: { system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.1', code: 'Ospedale' },
      practiceSetting: { system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.2', code: 'AD_PSC001' },
      events: [{ system: 'urn:oid:2.16.840.1.113883.2.9.3.3.6.1.3', code: 'P97' }],
      period: null,
      securityLabels: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
          code: options.hidden === true ? 'V' : 'N',
        },
      ],
    },
    {
      principal: {
        kind: 'facility',
        clientId: facility.client_id,
        facilityId: facility.facility_id,
        scopes: ['fse:write'],
      },
      requestId: `test-view-${type}`,
    },
    options.also,
  );
  return filed.documentId;
}
