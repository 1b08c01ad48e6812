import type { CdaValidator, CdaValidatorOptions } from './types.ts';

/** Placeholder so the public face compiles while the engine lands in the next commits. */
export function createCdaValidator(_options: CdaValidatorOptions = {}): Promise<CdaValidator> {
  return Promise.reject(new Error('fse2 validation engine not yet built'));
}
