// The campaign's name in the reader's language. The server stores one name (in
// Italian, as the region publishes it); the campaigns the platform ships with
// have theirs in the catalogues, and any other keeps the stored one.
import type { TFunction } from 'i18next';

export function campaignName(t: TFunction, campaign: { readonly code: string; readonly name: string }): string {
  switch (campaign.code) {
    case 'covid-over80':
      return t('campaign.names.covidOver80');
    default:
      return campaign.name;
  }
}
