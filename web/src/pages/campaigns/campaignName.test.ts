// Issue 17: the campaign name stayed Italian in the English pages.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import italian from '../../locales/it.json';
import english from '../../locales/en.json';
import { campaignName } from './campaignName.ts';

const i18n = i18next.createInstance();
await i18n.init({ resources: { it: { translation: italian }, en: { translation: english } }, lng: 'it' });
const stored = { code: 'covid-over80', name: 'Vaccinazione anti-COVID-19 over 80' };

describe('campaignName', () => {
  it('names the demo campaign in each language', async () => {
    expect(campaignName(i18n.t, stored)).toBe('Vaccinazione anti-COVID-19 over 80');
    await i18n.changeLanguage('en');
    expect(campaignName(i18n.t, stored)).toBe('COVID-19 vaccination for over-80s');
    await i18n.changeLanguage('it');
  });

  it('keeps the stored name of a campaign it does not know', () => {
    expect(campaignName(i18n.t, { code: 'flu-2027', name: 'Antinfluenzale 2027' })).toBe('Antinfluenzale 2027');
  });
});
