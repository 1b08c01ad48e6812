/** Public face of the fse2 module (issue 19): CDA2 validation as the national Gateway does it. */
export type {
  CdaFinding,
  CdaValidateOptions,
  CdaValidationResult,
  CdaValidator,
  CdaValidatorOptions,
  SchematronRef,
  UncheckedCodeSystem,
} from './validation/types.ts';
export { createCdaValidator } from './validation/validator.ts';
export { createCdaValidatorPool, type CdaValidatorPoolOptions } from './validation/pool.ts';

// The national Gateway API at /fse2/v1 (engineer H; issue 19 items 4, 5, 8).
export { createGatewayModule, type GatewayDeps, type GatewayModule } from './gateway/index.ts';
export type { GatewayTables } from './gateway/db-types.ts';

// CDA2 → FHIR R4 document Bundle (engineer N; issue 20 item 1).
export * from './transform/index.ts';

// CDA2 documents as readable pages for people (engineer J; issue 19 item 6; ADR 0012).
export { buildCdaView, createDocumentViewModule, type CdaView, type DocumentPageView } from './render/index.ts';

// Laboratory trends and the vaccination history from every source, for the GP and the citizen (issue 20 item 2).
export { createClinicalViewsModule, type ClinicalViewsDeps } from './views/index.ts';

// Salus's own VACC CDA2 documents: single vaccination per dose, certificate from the record (issue 19 item 7).
export { createVaccModule, type VaccDeps, type VaccModule } from './vacc/index.ts';

// The demo's laboratory reports (LAB CDA2 from two facilities), filed as Gateway publications at a demo start.
export { seedDemoLabReports, type LabDemoDeps } from './lab-demo/index.ts';

// Forwarding to the national Gateway and its bundled simulator (engineer M; issue 20 item 3, ADR 0014).
export {
  createForwarder,
  ForwardConfigSchema,
  loadRegionIdentity,
  RegionIdentityError,
  regionIdentityProblem,
  type ForwardChange,
  type ForwardConfig,
  type Forwarder,
  type ForwardSink,
  type RelayTuning,
} from './forward/index.ts';
export { startNationalSimulator, type NationalSimulator } from './national-sim/index.ts';

// CDA2 → the record's clinical resources at filing, and the conversion failures' counts (issue 20 item 1, ADR 0018).
export {
  cdaDeriver,
  conversionFailureMetrics,
  conversionFailureSummary,
  type ConversionFailureCount,
  type ConversionFailureReason,
  type Deriver,
} from './derive/index.ts';
