/**
 * SMS texts (Italian: the region's citizens' language; 2 SMS segments at most).
 * Every one says that the order of enrollment does not set the order of vaccination.
 */
export const smsText = {
  // `who` ("Maria B."): one phone may serve a household, so each SMS says whose it is.
  code: (who: string, code: string, link: string, validMinutes: number): string =>
    `Salus: il codice di adesione di ${who} è ${code}. Completa l'adesione con il codice oppure apri ${link} (valido ${Math.round(validMinutes / 60)} ore). Non rispondere a questo SMS.`,
  confirmed: (who: string, campaign: string, weeks: { fromWeek: number; toWeek: number }): string =>
    `Salus: adesione di ${who} a "${campaign}" confermata. L'ordine di adesione non decide l'ordine di vaccinazione: si procede per età. Periodo stimato: settimane ${weeks.fromWeek}-${weeks.toWeek}. Riceverai un SMS con l'appuntamento.`,
};

/** What the page and the API say after enrolling. */
export const NO_HURRY =
  'The order of enrolment does not decide the order of vaccination: appointments go by age, oldest first. There is no need to hurry.';
