/**
 * CPU per phase of one Gateway publication, on the event loop's thread (`npm run bench:fse2-phases`; ADR 0017):
 * each step of src/fse2/gateway's intake and filing run alone, warmed up, over the national RAD sample, measured with
 * process.threadCpuUsage (CPU time, not wall time: the machine is shared). The validation itself runs on the pool's
 * threads in the server; it is measured here in this thread, one engine, for scale.
 * `-- --runs N --warmup W --sample publication-samples/...pdf` (default 200 runs after 100 untimed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseXmlDocument } from 'slimdom';
import { readCdaHeader } from '../../src/fse2/gateway/cda-header.ts';
import { checkPades, extractCda, loadPdf, sha256Hex } from '../../src/fse2/gateway/pdf.ts';
import { convertCdaToFhir, createCdaValidator } from '../../src/fse2/index.ts';
import { DEFAULT_CATALOG_DIR } from '../../src/fse2/validation/catalog.ts';
import { DEFAULT_MAX_BYTES, decodeXml } from '../../src/fse2/validation/xml-input.ts';
import { XsdSchemas } from '../../src/fse2/validation/xsd.ts';
import { provideBundle, provideBundleDetached } from '../../src/records/mhd/build.ts';
import { parseProvideBundle } from '../../src/records/mhd/provide-parse.ts';
import { FSE2_TESTDATA } from '../../test/support/fse2/testdata.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '100' },
    sample: { type: 'string', default: 'publication-samples/accreditamento/SIGNED_RAD1.pdf' },
  },
});
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);

const threadMs = (): number => {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
};

/** CPU ms per call of `step`, after `WARMUP` untimed calls (the JIT settles). */
async function measure(step: () => unknown): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await step();
  const start = threadMs();
  for (let i = 0; i < RUNS; i++) await step();
  return Math.round(((threadMs() - start) / RUNS) * 100) / 100;
}

const file = readFileSync(path.join(FSE2_TESTDATA, values.sample));
const pdf = await loadPdf(file);
const cda = extractCda(pdf, 'ATTACHMENT');
const text = decodeXml(cda, DEFAULT_MAX_BYTES);
if (!text.ok) throw new Error(text.message);
const validator = await createCdaValidator();
const schemas = new XsdSchemas(path.join(DEFAULT_CATALOG_DIR, 'schema'));

const phases: Record<string, number> = {};
phases['sha256 of the file'] = await measure(() => sha256Hex(file));
phases['PDF parse (pdf-lib)'] = await measure(() => loadPdf(file));
phases['PAdES check'] = await measure(() => checkPades(pdf, file, true));
phases['cda.xml extraction'] = await measure(() => extractCda(pdf, 'ATTACHMENT'));
phases['validation, whole (one thread)'] = await measure(() => validator.validate(cda));
phases['  of which decode + DOCTYPE gate'] = await measure(() => decodeXml(cda, DEFAULT_MAX_BYTES));
phases['  of which DOM parse (slimdom)'] = await measure(() => parseXmlDocument(text.text));
phases['  of which XSD (libxml2 parse + validate)'] = await measure(() =>
  schemas.validate(text.text, 'POCD_MT000040UV02'),
);
phases['CDA header (saxes)'] = await measure(() => readCdaHeader(cda));
const documentReferenceId = '0b9b2c1e-6f1a-4c7e-9a55-3f0d2f2b6a11';
phases['FHIR conversion on the event loop (before)'] = await measure(() =>
  convertCdaToFhir(cda, { documentReferenceId }),
);
// Since ADR 0027 the validation thread converts on its own DOM; the event loop only receives the result, a
// structured clone (a message's deserialisation costs about what structuredClone does).
const prepared = (await validator.validate(cda, { convertToFhir: { documentReferenceId } })).conversion;
phases['FHIR conversion received (structured clone)'] = await measure(() => structuredClone(prepared));
// The record's filing builds an ITI-65 Bundle and parses it back (records' national-documents.ts): with the PDF in
// base64 inside it before ADR 0027, beside it since.
const filed = {
  masterIdentifier: { system: 'urn:ietf:rfc:3986', value: 'urn:oid:2.16.840.1.113883.2.9.2.30.4.4.1' },
  docClass: 'REF' as const,
  type: { code: '68604-8', display: 'Referto radiologico' },
  description: 'Referto radiologico',
  date: '2026-01-10T10:00:00Z',
  content: file,
};
const subject = { fiscalCode: 'RSSMRA80A01F205X' };
phases['filing Bundle, PDF in base64 (before)'] = await measure(() =>
  parseProvideBundle(provideBundle(subject, [filed], { sourceId: 'urn:oid:1.2.3' })),
);
phases['filing Bundle, PDF beside it'] = await measure(() => {
  const detached = provideBundleDetached(subject, [filed], { sourceId: 'urn:oid:1.2.3' });
  return parseProvideBundle(detached.bundle, detached.contents);
});
await validator.close();
schemas.dispose();

console.log(`CPU ms per call, main thread, ${values.sample} (${file.length} bytes), ${RUNS} runs after ${WARMUP}:`);
for (const [phase, ms] of Object.entries(phases)) console.log(`${phase.padEnd(44)} ${ms.toFixed(2)}`);
