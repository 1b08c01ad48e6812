/**
 * SMS texts (2 SMS segments at most), in Italian, the region's citizens' language, or in
 * English when the citizen used the web pages in English (migration 0025).
 * Every one says that the order of enrollment does not set the order of vaccination.
 */
export type SmsLanguage = 'it' | 'en';

export const smsText = {
  // `who` ("Maria B."): one phone may serve a household, so each SMS says whose it is.
  code: (who: string, code: string, link: string, validMinutes: number, lang: SmsLanguage = 'it'): string =>
    lang === 'en'
      ? `Salus: the enrolment code of ${who} is ${code}. ` +
        `Complete the enrolment with the code or open ${link} (valid ${Math.round(validMinutes / 60)} hours). ` +
        'Do not reply to this SMS.'
      : `Salus: il codice di adesione di ${who} è ${code}. ` +
        `Completa l'adesione con il codice oppure apri ${link} (valido ${Math.round(validMinutes / 60)} ore). ` +
        'Non rispondere a questo SMS.',
  confirmed: (
    who: string,
    campaign: string,
    weeks: { fromWeek: number; toWeek: number },
    lang: SmsLanguage = 'it',
  ): string =>
    lang === 'en'
      ? `Salus: enrolment of ${who} in "${campaign}" confirmed. ` +
        'The order of enrolment does not decide the order of vaccination: it goes by age. ' +
        `Estimated period: weeks ${weeks.fromWeek}-${weeks.toWeek}. You will get an SMS with the appointment.`
      : `Salus: adesione di ${who} a "${campaign}" confermata. ` +
        "L'ordine di adesione non decide l'ordine di vaccinazione: si procede per età. " +
        `Periodo stimato: settimane ${weeks.fromWeek}-${weeks.toWeek}. Riceverai un SMS con l'appuntamento.`,
};

/** What the page and the API say after enrolling. */
export const NO_HURRY =
  'The order of enrolment does not decide the order of vaccination: appointments go by age, oldest first. ' +
  'There is no need to hurry.';
