/**
 * Italian validity rules, VerificaC19 base mode ("3G", ValidationScanMode
 * NORMAL_DGP), as data. Sources:
 * - VerificaC19 Java SDK (ministero-salute / it.dgc.verificac19,
 *   VerifierServiceImpl): rule structure, the Janssen +15 days, the booster test,
 *   the IT / NOT_IT split by the certificate's country in base mode, and the
 *   offline fallbacks (complete cycle 180 days IT, 270 days NOT_IT).
 * - The VerificaC19 settings feed (get.dgc.gov.it/v1/dgc/settings, 2022):
 *   rapid_test 0–48 h, molecular_test 0–72 h, vaccine_*_not_complete 15–42 days.
 * - DL 5/2022 (4 Feb 2022): after a booster the certificate holds "senza necessità
 *   di ulteriori dosi di richiamo". VerificaC19 still needs a finite window; 540
 *   days is the value its settings feed used for vaccine_end_day_booster_IT.
 * Day windows are inclusive at both ends and counted on the calendar in Italy, as
 * the SDK does with LocalDate; test windows are in hours from sample collection.
 */

export type Window = { start: number; end: number };

export const IT_BASE_RULES = {
  timeZone: 'Europe/Rome',
  test: {
    // Value set test-result: 260373001 = detected, 260415000 = not detected.
    detected: '260373001',
    // Value set test-type: LP217198-3 = rapid antigen, LP6464-4 = molecular (NAAT).
    hoursByType: {
      'LP217198-3': { start: 0, end: 48 },
      'LP6464-4': { start: 0, end: 72 },
    } as Record<string, Window | undefined>,
  },
  vaccination: {
    janssen: 'EU/1/20/1525',
    // A single-dose Janssen cycle protects only from day 15.
    janssenCompleteExtraStartDays: 15,
    // The settings feed lists the products Italy accepts: the EMA-authorised ones
    // and the AstraZeneca equivalents made elsewhere.
    acceptedProducts: [
      'EU/1/20/1528', // Comirnaty
      'EU/1/20/1507', // Spikevax
      'EU/1/21/1529', // Vaxzevria
      'EU/1/20/1525', // Janssen
      'EU/1/21/1618', // Nuvaxovid
      'Covishield',
      'R-COVI',
      'Covid-19-recombinant',
      'Sputnik-V',
    ],
    // Sputnik V counts only when administered in San Marino.
    onlyFromCountries: { 'Sputnik-V': ['SM'] } as Record<string, readonly string[] | undefined>,
    notComplete: { start: 15, end: 42 },
    complete: { IT: { start: 0, end: 180 }, other: { start: 0, end: 270 } },
    booster: { IT: { start: 0, end: 540 }, other: { start: 0, end: 270 } },
  },
  recovery: {
    // Valid from df (+ start days) until du, the dates the issuer wrote.
    startDays: 0,
  },
} as const;

export type ItalianRules = typeof IT_BASE_RULES;
