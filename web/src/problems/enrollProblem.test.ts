import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import italian from '../locales/it.json';
import english from '../locales/en.json';
import { ApiError } from '../api/client.ts';
import type { Campaign } from '../api/campaigns.ts';
import { formatters } from '../format.ts';
import { enrollProblem } from './enrollProblem.ts';
import { schedulingProblem } from './schedulingProblem.ts';
import { channelIn, isoDaysIn, quotedIn, romeDateTimeIn } from './serverDetail.ts';

const i18n = i18next.createInstance();
await i18n.init({
  resources: { it: { translation: italian }, en: { translation: english } },
  lng: 'it',
  interpolation: { escapeValue: false },
});
const t = i18n.t;
const format = formatters('it');

const campaign: Campaign = {
  code: 'covid-over80',
  name: 'Vaccinazione anti-COVID-19 over 80',
  products: ['Comirnaty'],
  opensAt: '2026-02-14T00:00:00Z',
  closesAt: null,
  plannedWeeklyCapacity: 2000,
  open: true,
  cohorts: [
    { id: 2, label: '75-79', bornFromYear: 1947, bornToYear: 1951, opensAt: '2026-03-01T09:00:00Z', open: false },
  ],
};
const problem = (status: number, code: string, detail: string, retryAfterSeconds?: number) =>
  new ApiError(status, 'x', detail, retryAfterSeconds === undefined ? { code } : { code, retryAfterSeconds });
const citizen = { t, format, campaign, audience: 'citizen' as const };

describe('reading facts out of server details', () => {
  it('finds a Rome date and time, a cohort, a channel and days', () => {
    const already =
      'This person is already enrolled on 15 March 2026 at 10:05 through the pharmacy. Nothing else is needed.';
    expect(romeDateTimeIn(already)?.toISOString()).toBe('2026-03-15T10:05:00.000Z');
    expect(romeDateTimeIn('on 15 March 2026, 10:05')?.toISOString()).toBe('2026-03-15T10:05:00.000Z');
    expect(channelIn(already)).toBe('pharmacist');
    expect(quotedIn('You are in the "75-79" group, which opens on 1 March 2026')).toBe('75-79');
    expect(isoDaysIn('from 2026-03-22 to 2026-04-12')).toEqual(['2026-03-22', '2026-04-12']);
    expect(romeDateTimeIn('no date here')).toBeNull();
  });
});

describe('enrollment problems in Italian', () => {
  it('says when and how someone already enrolled', () => {
    const said = enrollProblem(
      citizen,
      problem(
        409,
        'campaign.already_enrolled',
        'This person is already enrolled on 15 March 2026 at 10:05 through the GP. x',
      ),
    );
    expect(said.tone).toBe('info');
    expect(said.title).toBe('Risulti già iscritto a questa campagna');
    expect(said.text).toMatch(/^L'adesione è stata registrata il 15 marzo 2026.*10:05, dal medico di famiglia\./);
  });

  it('names the cohort and its opening from the campaign', () => {
    const said = enrollProblem(
      citizen,
      problem(409, 'campaign.cohort_not_open', 'You are in the "75-79" group, which opens on 1 March 2026 at 10:00.'),
    );
    expect(said.text).toContain('«75-79»');
    expect(said.text).toContain('1 mar 2026');
  });

  it('tells apart a used-up resend and a locked draft, with the wait', () => {
    const sent = enrollProblem(
      citizen,
      problem(
        429,
        'rate_limited',
        'The code has already been sent 5 times. ' +
          'Use the last SMS you received; it stays valid until 2026-03-15T11:00:00.000Z.',
        600,
      ),
    );
    expect(sent.title).toBe('Il codice è già stato inviato 5 volte');
    expect(sent.text).toContain('12:00');
    const locked = enrollProblem(
      citizen,
      problem(429, 'rate_limited', 'Too many wrong codes. Try again in 15 minutes; your data are kept.', 840),
    );
    expect(locked.text).toContain('tra 14 minuti');
  });

  it('says that one number serves at most 4 people, and what to do instead', () => {
    const said = enrollProblem(
      citizen,
      problem(409, 'campaign.phone_limit', 'This mobile number is already used for 4 people in this campaign.'),
    );
    expect(said.title).toBe('Questo numero serve già 4 persone');
    expect(said.text).toContain('Usa un altro numero');
  });

  it('falls back to the server detail for what it does not know', () => {
    expect(enrollProblem(citizen, problem(400, 'something.new', 'A new rule.')).text).toBe('A new rule.');
    expect(enrollProblem(citizen, new ApiError(503, 'down')).title).toBe('Servizio non disponibile');
  });
});

describe('scheduling problems in Italian', () => {
  it('gives the window of the second dose as dates', () => {
    const said = schedulingProblem(
      t,
      format,
      problem(
        400,
        'scheduling.outside_window',
        'For Comirnaty the second dose must fall 21-42 days after the first (from 2026-03-22 to 2026-04-12).',
      ),
    );
    expect(said.text).toBe(
      'Per questo vaccino la seconda dose deve cadere tra il 22 marzo 2026 e il 12 aprile 2026: ' +
        'scegli un giorno in questo intervallo.',
    );
  });

  it('says how many doses are booked', () => {
    expect(
      schedulingProblem(t, format, problem(409, 'scheduling.below_booked', '12 doses are already booked that day.'))
        .text,
    ).toContain('12 dosi');
  });
});

describe('someone outside every age group', () => {
  // Issue 17: a 38-year-old was told her group "is not yet open"; no group of the campaign is hers.
  it('is told the campaign is not for their age, not that it opens later', async () => {
    for (const language of ['it', 'en']) {
      await i18n.changeLanguage(language);
      for (const audience of ['citizen', 'operator'] as const) {
        const shown = enrollProblem(
          { ...citizen, audience },
          problem(409, 'campaign.not_eligible', 'People born in 1988 are not in any age group of this campaign.'),
        );
        expect(`${shown.title} ${shown.text}`).not.toMatch(/ancora|not yet|sarà annunciat|will be announced/i);
        expect(shown.title).toMatch(language === 'it' ? /non è per .*fascia d'età/ : /not for .*age group/);
      }
    }
    await i18n.changeLanguage('it');
  });
});
