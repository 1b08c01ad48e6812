/** Public face of fse2/transform: CDA2 → FHIR R4 (issue 20 item 1). */
export { CDA_DOCUMENT_TYPES, convertCdaToFhir, type CdaToFhirOptions, type CdaToFhirResult } from './convert.ts';
export { SOURCE_DOCUMENT_EXTENSION, type UnmappedEntry } from './context.ts';
export { CODE_SYSTEM_URIS } from './code-systems.ts';
export { measureConversionRate, type ConversionRate } from './rate.ts';
export { prepareConversion, type ConversionRequest, type PreparedConversion } from './prepared.ts';
