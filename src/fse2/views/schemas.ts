import { Type, type Static } from 'typebox';

/** A patient's codice fiscale in the path (checked by parseFiscalCode in the route). */
export const FiscalCodeParam = Type.Object({ fiscalCode: Type.String({ minLength: 16, maxLength: 16 }) });

/** A reference range in the unit it is shown with; a bound the document does not give is null. */
export const ReferenceRange = Type.Object({
  low: Type.Union([Type.Number(), Type.Null()]),
  high: Type.Union([Type.Number(), Type.Null()]),
  text: Type.Union([Type.String(), Type.Null()]),
});
export type ReferenceRange = Static<typeof ReferenceRange>;

/** Where a value lies against its range: stated by the laboratory (interpretation) or computed from the range. */
export const Flag = Type.Union([
  Type.Literal('low'),
  Type.Literal('high'),
  Type.Literal('abnormal'),
  Type.Literal('normal'),
  Type.Null(),
]);
export type Flag = Static<typeof Flag>;

export const LabPoint = Type.Object({
  observationId: Type.String(),
  documentId: Type.Union([Type.String(), Type.Null()]),
  documentTitle: Type.Union([Type.String(), Type.Null()]),
  facility: Type.Union([Type.String(), Type.Null()]),
  date: Type.String({ description: 'When the sample was taken (effective), else the document date' }),
  value: Type.Union([Type.Number(), Type.Null()], { description: "In the analyte's unit; null if not convertible" }),
  reported: Type.Object({
    value: Type.Union([Type.Number(), Type.Null()]),
    text: Type.Union([Type.String(), Type.Null()]),
    unit: Type.Union([Type.String(), Type.Null()]),
  }),
  range: Type.Union([ReferenceRange, Type.Null()]),
  flag: Flag,
});
export type LabPoint = Static<typeof LabPoint>;

export const Analyte = Type.Object({
  key: Type.String(),
  code: Type.Union([Type.Object({ system: Type.String(), code: Type.String() }), Type.Null()]),
  name: Type.String(),
  unit: Type.Union([Type.String(), Type.Null()]),
  referenceRange: Type.Union([ReferenceRange, Type.Null()]),
  points: Type.Array(LabPoint, { description: 'Oldest first' }),
});
export type Analyte = Static<typeof Analyte>;

export const LabTrends = Type.Object({ analytes: Type.Array(Analyte) });
export type LabTrends = Static<typeof LabTrends>;

export const VaccinationSource = Type.Object({
  kind: Type.Union([Type.Literal('salus'), Type.Literal('document')]),
  immunizationId: Type.String(),
  documentId: Type.Union([Type.String(), Type.Null()]),
  documentTitle: Type.Union([Type.String(), Type.Null()]),
  name: Type.String({ description: 'The vaccination centre or the facility of the document' }),
});
export type VaccinationSource = Static<typeof VaccinationSource>;

export const VaccinationEntry = Type.Object({
  vaccine: Type.String(),
  date: Type.String(),
  doseNumber: Type.Union([Type.Integer(), Type.Null()]),
  doses: Type.Union([Type.Integer(), Type.Null()]),
  lot: Type.Union([Type.String(), Type.Null()]),
  disease: Type.Union([Type.String(), Type.Null()]),
  sources: Type.Array(VaccinationSource, { minItems: 1 }),
});
export type VaccinationEntry = Static<typeof VaccinationEntry>;

export const VaccinationHistory = Type.Object({
  vaccinations: Type.Array(VaccinationEntry, { description: 'Newest first' }),
});
export type VaccinationHistory = Static<typeof VaccinationHistory>;
