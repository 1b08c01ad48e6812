/**
 * The scheduling SMS (2 segments at most), in Italian or, when the citizen enrolled from the
 * English pages, in English (`lang`, migration 0025). Each names whose appointment it is
 * (`who`, e.g. "Maria B."): one phone may serve a household. They point to the web app's
 * menu item "I miei appuntamenti" / "My appointments" (web/src/locales/*.json, nav.appointments),
 * where the appointment is seen, moved or cancelled.
 */
const MENU = 'sito Salus, menu "I miei appuntamenti"';
const MENU_EN = 'Salus website, menu "My appointments"';

export const rome = (d: Date, lang: 'it' | 'en' = 'it'): string =>
  d.toLocaleString(lang === 'en' ? 'en-GB' : 'it-IT', {
    timeZone: 'Europe/Rome',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });

export interface NoticeAppointment {
  readonly who: string;
  readonly product: string;
  readonly doseNumber: number;
  readonly startsAt: Date;
  readonly centre: string;
  /** The second dose booked with this first one, if any. */
  readonly second: Date | null;
  /** The SMS language; Italian when absent. */
  readonly lang?: 'it' | 'en';
}

const what = (a: NoticeAppointment): string => {
  const second = a.doseNumber === 1 && a.second !== null ? ` Seconda dose: ${rome(a.second)}, stesso centro.` : '';
  return `vaccino ${a.product} (dose ${a.doseNumber}) ${rome(a.startsAt)} presso ${a.centre}.${second}`;
};

const whatEn = (a: NoticeAppointment): string => {
  const second = a.doseNumber === 1 && a.second !== null ? ` Second dose: ${rome(a.second, 'en')}, same centre.` : '';
  return `${a.product} vaccine (dose ${a.doseNumber}) ${rome(a.startsAt, 'en')} at ${a.centre}.${second}`;
};

type Cancelled = Omit<NoticeAppointment, 'second'> & { withSecond: boolean };

export const schedulingSms = {
  booked: (a: NoticeAppointment): string =>
    a.lang === 'en'
      ? `Salus: appointment of ${a.who}: ${whatEn(a)} To move or cancel it: ${MENU_EN}.`
      : `Salus: appuntamento di ${a.who}: ${what(a)} Per spostarlo o annullarlo: ${MENU}.`,
  moved: (a: NoticeAppointment): string =>
    a.lang === 'en'
      ? `Salus: appointment of ${a.who} moved. New: ${whatEn(a)} ` +
        `The previous one no longer applies. Details: ${MENU_EN}.`
      : `Salus: appuntamento di ${a.who} spostato. Nuovo: ${what(a)} Il precedente non vale più. Dettagli: ${MENU}.`,
  cancelled: (a: Cancelled): string =>
    a.lang === 'en'
      ? `Salus: the appointment of ${a.who} (vaccine, dose ${a.doseNumber}) ` +
        `on ${rome(a.startsAt, 'en')} at ${a.centre} is cancelled.` +
        `${a.withSecond ? ' The second dose is cancelled too.' : ''} Details: ${MENU_EN}.`
      : `Salus: l'appuntamento di ${a.who} (vaccino, dose ${a.doseNumber}) ` +
        `previsto ${rome(a.startsAt)} presso ${a.centre} è annullato.` +
        `${a.withSecond ? ' Anche la seconda dose è annullata.' : ''} Dettagli: ${MENU}.`,
  reminder: (who: string, startsAt: Date, centre: string, lang: 'it' | 'en' = 'it'): string =>
    lang === 'en'
      ? `Salus: reminder for ${who}: tomorrow ${rome(startsAt, 'en')} vaccination at ${centre}. Bring the health card.`
      : `Salus: promemoria per ${who}: domani ${rome(startsAt)} vaccinazione presso ${centre}. ` +
        `Porta la tessera sanitaria.`,
};
