/**
 * What the PDF shows, as bilingual rows: the Italian label (as on the Italian
 * certificates), the English one (as in the EU DCC template), and the value.
 */
import type { DccPayload } from '../codec/index.ts';
import type { Labels } from './value-sets.ts';

export type FieldRow = { it: string; en: string; value: string; monospace?: boolean };

export type CertificateTitle = { it: string; en: string };

const TITLES: Readonly<Record<'v' | 't' | 'r', CertificateTitle>> = {
  v: { it: 'Certificato di vaccinazione', en: 'Vaccination certificate' },
  t: { it: 'Certificato di test', en: 'Test certificate' },
  r: { it: 'Certificato di guarigione', en: 'Certificate of recovery' },
};

type Entry = Record<string, unknown>;

export function certificateKind(payload: DccPayload): { type: 'v' | 't' | 'r'; entry: Entry } {
  for (const type of ['v', 't', 'r'] as const) {
    const group = payload[type];
    const entry: unknown = Array.isArray(group) ? group[0] : undefined;
    if (entry !== null && typeof entry === 'object') return { type, entry: entry as Entry };
  }
  throw new Error('the payload has no vaccination, test or recovery entry');
}

export function certificateTitle(payload: DccPayload): CertificateTitle {
  return TITLES[certificateKind(payload).type];
}

export function fieldRows(payload: DccPayload, labels: Labels): FieldRow[] {
  const { type, entry } = certificateKind(payload);
  const text = (key: string) =>
    typeof entry[key] === 'string' || typeof entry[key] === 'number' ? String(entry[key]) : '';
  const coded = (set: Parameters<Labels>[0], key: string) => (text(key) === '' ? '' : labels(set, text(key)));
  const rows: FieldRow[] = [
    { it: 'Cognome e nome', en: 'Surname(s) and forename(s)', value: holderName(payload) },
    { it: 'Data di nascita', en: 'Date of birth', value: typeof payload.dob === 'string' ? payload.dob : '' },
    {
      it: 'Malattia o agente bersaglio',
      en: 'Disease or agent targeted',
      value: coded('disease-agent-targeted', 'tg'),
    },
  ];
  if (type === 'v') {
    rows.push(
      { it: 'Tipo di vaccino', en: 'Vaccine or prophylaxis', value: coded('vaccine-prophylaxis', 'vp') },
      {
        it: 'Denominazione del vaccino',
        en: 'Vaccine medicinal product',
        value: coded('vaccine-medicinal-product', 'mp'),
      },
      {
        it: "Produttore o titolare dell'AIC",
        en: 'Manufacturer or marketing authorisation holder',
        value: coded('vaccine-mah-manf', 'ma'),
      },
      {
        it: 'Numero della dose / dosi previste',
        en: 'Dose number / total doses in the series',
        value: `${text('dn')}/${text('sd')}`,
      },
      { it: 'Data della vaccinazione', en: 'Date of vaccination', value: text('dt') },
      {
        it: 'Stato della vaccinazione',
        en: 'Member State or country of vaccination',
        value: coded('country-2-codes', 'co'),
      },
    );
  } else if (type === 't') {
    rows.push(
      { it: 'Tipo di test', en: 'Type of test', value: coded('test-type', 'tt') },
      { it: 'Nome del test', en: 'Test name', value: text('nm') },
      { it: 'Produttore del test', en: 'Test device manufacturer', value: coded('test-manf', 'ma') },
      { it: 'Data e ora del prelievo', en: 'Date and time of sample collection', value: text('sc') },
      { it: 'Risultato del test', en: 'Result of the test', value: coded('test-result', 'tr') },
      { it: 'Centro o struttura del test', en: 'Testing centre or facility', value: text('tc') },
      { it: 'Stato del test', en: 'Member State or country of test', value: coded('country-2-codes', 'co') },
    );
  } else {
    rows.push(
      { it: 'Data del primo test positivo', en: 'Date of first positive test result', value: text('fr') },
      { it: 'Valido dal', en: 'Certificate valid from', value: text('df') },
      { it: 'Valido fino al', en: 'Certificate valid until', value: text('du') },
      { it: 'Stato del test', en: 'Member State or country of test', value: coded('country-2-codes', 'co') },
    );
  }
  rows.push(
    { it: 'Struttura che ha rilasciato il certificato', en: 'Certificate issuer', value: text('is') },
    {
      it: 'Identificativo univoco del certificato',
      en: 'Unique certificate identifier',
      value: text('ci'),
      monospace: true,
    },
  );
  // Optional fields the issuer left out are not shown as empty rows.
  return rows.filter((row) => row.value !== '' && row.value !== '/');
}

/** "Family, Given", then the standardised form on a second line (it is what border checks compare). */
function holderName(payload: DccPayload): string {
  const nam = (payload.nam ?? {}) as Record<string, unknown>;
  const str = (key: string) => (typeof nam[key] === 'string' ? nam[key] : '');
  const natural = [str('fn'), str('gn')].filter((s) => s !== '').join(', ');
  const standard = [str('fnt'), str('gnt')].filter((s) => s !== '').join('<<');
  return standard === '' || natural === '' ? natural || standard : `${natural}\n${standard}`;
}
