/**
 * How an SMS names the person it is about: given name and the initial of the surname
 * ("Maria B."). One phone may serve a household (a son enrolls both parents), so each
 * code and appointment must say whose it is; the codice fiscale would be personal data
 * on a lock screen, and the full name is not needed to tell two parents apart.
 */
export function smsName(givenName: string, familyName: string): string {
  const initial = familyName.trim().charAt(0).toUpperCase();
  return initial === '' ? givenName.trim() : `${givenName.trim()} ${initial}.`;
}
