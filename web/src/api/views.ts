// Response shapes of the clinical views (src/fse2/views/schemas.ts): lab trends and the vaccination history.
import { array, nullable, number, object, oneOf, string, type Decoded } from './decode.ts';

const referenceRange = object({ low: nullable(number), high: nullable(number), text: nullable(string) });
export type ReferenceRange = Decoded<typeof referenceRange>;

const labPoint = object({
  observationId: string,
  documentId: nullable(string),
  documentTitle: nullable(string),
  facility: nullable(string),
  date: string,
  value: nullable(number),
  reported: object({ value: nullable(number), text: nullable(string), unit: nullable(string) }),
  range: nullable(referenceRange),
  flag: nullable(oneOf('low', 'high', 'abnormal', 'normal')),
});
export type LabPoint = Decoded<typeof labPoint>;

const analyte = object({
  key: string,
  code: nullable(object({ system: string, code: string })),
  name: string,
  unit: nullable(string),
  referenceRange: nullable(referenceRange),
  points: array(labPoint),
});
export type Analyte = Decoded<typeof analyte>;
export const labTrends = object({ analytes: array(analyte) });
export type LabTrends = Decoded<typeof labTrends>;

const vaccinationSource = object({
  kind: oneOf('salus', 'document'),
  immunizationId: string,
  documentId: nullable(string),
  documentTitle: nullable(string),
  name: string,
});
const vaccinationEntry = object({
  vaccine: string,
  date: string,
  doseNumber: nullable(number),
  doses: nullable(number),
  lot: nullable(string),
  disease: nullable(string),
  sources: array(vaccinationSource),
});
export type VaccinationEntry = Decoded<typeof vaccinationEntry>;
export const vaccinationHistory = object({ vaccinations: array(vaccinationEntry) });
