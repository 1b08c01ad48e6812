/**
 * Minimal types for `@lhncbc/ucum-lhc` (v7, the NLM's UCUM library, CommonJS without types): only the conversion
 * fse2/views uses is declared.
 */
declare module '@lhncbc/ucum-lhc' {
  export interface UcumConversion {
    readonly status: 'succeeded' | 'failed' | 'error';
    readonly toVal: number | null;
    readonly msg: readonly string[];
  }
  export interface UcumLhcUtils {
    convertUnitTo(fromUnitCode: string, fromVal: number, toUnitCode: string): UcumConversion;
  }
  const ucum: { readonly UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
