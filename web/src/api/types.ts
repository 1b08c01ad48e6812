// Response shapes of the backend endpoints the web app uses. Each type is
// derived from its decoder so the runtime check and the static type agree.
import { array, boolean, nullable, number, object, oneOf, orAbsent, string, type Decoded } from './decode.ts';

/** Roles a demo account can have: a citizen or one of the operator roles. */
export const roles = ['citizen', 'gp', 'pharmacist', 'vaccinator', 'region'] as const;
export type Role = (typeof roles)[number];

/** A text the server gives in both of the app's languages. */
export const localizedText = object({ it: string, en: string });
export type LocalizedText = Decoded<typeof localizedText>;

export const demoInfo = object({
  enabled: boolean,
  /** The demo accounts' shared password (demo mode only). */
  password: nullable(string),
  accounts: array(
    object({
      role: oneOf(...roles),
      name: string,
      username: string,
      fiscalCode: nullable(string),
      /** Citizens only: the health card and mobile phone the forms ask for. */
      healthCard: orAbsent(nullable(string), null),
      phone: orAbsent(nullable(string), null),
      note: localizedText,
    }),
  ),
  /** Eligible people not yet enrolled in the demo campaign (absent outside demo mode). */
  notEnrolled: orAbsent(
    array(
      object({
        name: string,
        fiscalCode: string,
        healthCard: string,
        phone: string,
        birthDate: string,
        municipality: string,
      }),
    ),
    [],
  ),
});
export type DemoInfo = Decoded<typeof demoInfo>;
export type DemoAccount = DemoInfo['accounts'][number];
export type DemoCandidate = DemoInfo['notEnrolled'][number];

export const registryStats = object({
  citizens: number,
  municipalities: number,
  gps: number,
  over80: number,
  over100: number,
  byAgeBand: array(object({ band: string, count: number })),
  byProvince: array(
    object({
      provinceAbbr: string,
      provinceName: string,
      atsName: string,
      citizens: number,
      population: number,
    }),
  ),
});
export type RegistryStats = Decoded<typeof registryStats>;
export type ProvinceStats = RegistryStats['byProvince'][number];
export type AgeBandStats = RegistryStats['byAgeBand'][number];

export const municipalityPage = object({
  total: number,
  items: array(
    object({
      istatCode: string,
      cadastralCode: string,
      name: string,
      provinceAbbr: string,
      provinceName: string,
      atsName: string,
      population: number,
    }),
  ),
});
export type MunicipalityPage = Decoded<typeof municipalityPage>;
export type Municipality = MunicipalityPage['items'][number];
