/**
 * National codes of the campaign's vaccines, keyed by the EU authorisation number the
 * scheduling catalogue carries (medicinal_product). The single-vaccination schematron requires
 * the AIC code (2.16.840.1.113883.2.9.6.1.5, ERRORE-b12); ATC goes in its translation.
 *
 * ATC: WHO 2021 codes, present in the catalog's table 2.16.840.1.113883.6.73 (checked by the
 * terminology step). AIC: AIFA's authorisation of the pack distributed in the 2021 campaign;
 * the catalog carries no AIC table, so the engine reports it "unchecked" (ADR 0013 says so).
 */
export interface VaccineCodes {
  readonly aic: string;
  readonly atc: string;
  readonly atcDisplay: string;
}

const MRNA = { atc: 'J07BN01', atcDisplay: 'COVID-19, RNA-BASED VACCINE' };
const VECTOR = { atc: 'J07BN02', atcDisplay: 'COVID-19, VETTORE VIRALE NON REPLICANTE' };

const BY_EU_NUMBER: Readonly<Record<string, VaccineCodes>> = {
  // Comirnaty, Spikevax and Vaxzevria: the AIC codes Italian regional vaccination records used in 2021 (e.g.
  // Tuscany's ARS study code lists and HL7 Italia's FHIR Immunization example for Comirnaty). Jcovden: not
  // confirmed from a public source; verify against AIFA's open-data list before real use (ADR 0013).
  'EU/1/20/1528': { aic: '049269018', ...MRNA }, // Comirnaty
  'EU/1/20/1507': { aic: '049283017', ...MRNA }, // Spikevax
  'EU/1/21/1529': { aic: '049314026', ...VECTOR }, // Vaxzevria
  'EU/1/20/1525': { aic: '049395016', ...VECTOR }, // Jcovden
};

/** The codes of a product, or null for one this table does not know (the document is then not produced). */
export function vaccineCodes(euNumber: string): VaccineCodes | null {
  return BY_EU_NUMBER[euNumber] ?? null;
}

/** The disease prevented (table 2.16.840.1.113883.2.9.6.1.56.4, "Malattie prevenibili da vaccino"): Covid 19. */
export const COVID_19 = { code: '44', codeSystem: '2.16.840.1.113883.2.9.6.1.56.4', displayName: 'Covid 19' };
