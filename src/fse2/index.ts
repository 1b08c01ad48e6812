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
