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
