/**
 * The scheduling SMS (Italian, 2 segments at most). Each names whose appointment it is
 * (`who`, e.g. "Maria B."): one phone may serve a household. They point to the web app's
 * menu item "I miei appuntamenti" (web/src/locales/it.json, nav.appointments), where the
 * appointment is seen, moved or cancelled.
 */
const MENU = 'sito Salus, menu "I miei appuntamenti"';

export const rome = (d: Date): string =>
  d.toLocaleString('it-IT', { timeZone: 'Europe/Rome', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

export interface NoticeAppointment {
  readonly who: string;
  readonly product: string;
  readonly doseNumber: number;
  readonly startsAt: Date;
  readonly centre: string;
  /** The second dose booked with this first one, if any. */
  readonly second: Date | null;
}

const what = (a: NoticeAppointment): string => {
  const second = a.doseNumber === 1 && a.second !== null ? ` Seconda dose: ${rome(a.second)}, stesso centro.` : '';
  return `vaccino ${a.product} (dose ${a.doseNumber}) ${rome(a.startsAt)} presso ${a.centre}.${second}`;
};

export const schedulingSms = {
  booked: (a: NoticeAppointment): string => `Salus: appuntamento di ${a.who}: ${what(a)} Per spostarlo o annullarlo: ${MENU}.`,
  moved: (a: NoticeAppointment): string =>
    `Salus: appuntamento di ${a.who} spostato. Nuovo: ${what(a)} Il precedente non vale più. Dettagli: ${MENU}.`,
  cancelled: (a: Omit<NoticeAppointment, 'second'> & { withSecond: boolean }): string =>
    `Salus: l'appuntamento di ${a.who} (vaccino, dose ${a.doseNumber}) previsto ${rome(a.startsAt)} presso ${a.centre} è annullato.` +
    `${a.withSecond ? ' Anche la seconda dose è annullata.' : ''} Dettagli: ${MENU}.`,
  reminder: (who: string, startsAt: Date, centre: string): string =>
    `Salus: promemoria per ${who}: domani ${rome(startsAt)} vaccinazione presso ${centre}. Porta la tessera sanitaria.`,
};
