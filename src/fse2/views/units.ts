import ucum from '@lhncbc/ucum-lhc';

/**
 * Converts a laboratory value between UCUM units (mg/dL → mg/L, mmol/L → umol/L...), so one analyte's values from
 * laboratories that report in different units share one axis. Null when the units are not commensurable (mg/dL and
 * mmol/L need a molecular weight the document does not carry) or a unit is not UCUM: the value is then shown as
 * reported, in the table only. Same unit: no conversion (and no rounding noise).
 */
export function convertUnit(value: number, from: string | null, to: string | null): number | null {
  if (from === to) return value;
  if (from === null || to === null || from === '' || to === '') return null;
  const result = utils().convertUnitTo(from, value, to);
  if (result.status !== 'succeeded' || result.toVal === null || !Number.isFinite(result.toVal)) return null;
  // 12 significant digits: 1.1 mg/dL is 11 mg/L, not 11.000000000000002.
  return Number(result.toVal.toPrecision(12));
}

// The library parses its unit tables (about 1 MB) on the first getInstance(): only when a conversion is needed.
let instance: ReturnType<typeof ucum.UcumLhcUtils.getInstance> | null = null;
function utils() {
  instance ??= ucum.UcumLhcUtils.getInstance();
  return instance;
}
