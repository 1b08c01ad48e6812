// The enrollment calls of the three channels (src/campaigns/routes.ts). Every
// call to a campaign carries the waiting room's admission token when the
// browser holds one; without it, while the waiting room is active, the server
// answers 403 waitroom.admission_required and the person is sent to the room.
import { enrolled, submitted, type Enrolled } from './campaigns.ts';
import i18next from 'i18next';
import { send, toApiError } from './client.ts';
import { isLanguage } from '../i18n.ts';

const admissionKey = (campaign: string) => `salus.admission.${campaign}`;
export const waitingRoomPath = (campaign: string) => `/sala-attesa.html?c=${encodeURIComponent(campaign)}`;

/** The x-admission header, when the waiting room admitted this browser for the campaign. */
export function admissionHeaders(campaign: string): Record<string, string> {
  try {
    const token = window.sessionStorage.getItem(admissionKey(campaign));
    return token ? { 'x-admission': token } : {};
  } catch {
    return {}; // storage blocked: the server decides whether a token is needed
  }
}

/** Runs a campaign call; a 403 for a missing admission sends the browser to the waiting room. */
async function admitted<T>(campaign: string, call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await call(admissionHeaders(campaign));
  } catch (error) {
    const failure = toApiError(error);
    if (failure.status === 403 && failure.code === 'waitroom.admission_required') {
      window.location.assign(waitingRoomPath(campaign));
      // The page is being left for the waiting room: settle never, so no
      // error message flashes on the way out.
      return new Promise<never>(() => undefined);
    }
    throw failure;
  }
}

const path = (campaign: string, rest: string) => `/api/campaigns/${encodeURIComponent(campaign)}/${rest}`;

function required<T>(value: T | null): T {
  if (value === null) throw new Error('the server answered without a body');
  return value;
}

export interface DraftInput {
  fiscalCode: string;
  healthCardNumber: string;
  mobilePhone: string;
}

/** Step 1 of the citizen channel. Sending the same data again resends the same code. */
export function submitDraft(campaign: string, input: DraftInput, csrfToken: string | null): Promise<void> {
  return admitted(campaign, async (headers) => {
    // The SMS (code, confirmation, appointment) go out in the language of the pages (issue 17).
    const lang = isLanguage(i18next.language) ? i18next.language : undefined;
    await send('POST', path(campaign, 'drafts'), { csrfToken, body: { ...input, lang }, decoder: submitted, headers });
  });
}

/** Step 2: the codice fiscale and the 6 digits from the SMS confirm the saved draft. */
export function confirmCode(
  campaign: string,
  fiscalCode: string,
  code: string,
  csrfToken: string | null,
): Promise<Enrolled> {
  return admitted(campaign, async (headers) =>
    required(
      await send('POST', path(campaign, 'confirm'), {
        csrfToken,
        body: { fiscalCode, code },
        decoder: enrolled,
        headers,
      }),
    ),
  );
}

// One request per link, even if the page asks twice (React's StrictMode runs
// effects twice in development, and the second call would say "already enrolled").
const resumed = new Map<string, Promise<Enrolled>>();

/** The link in the SMS: the token alone confirms the draft; nothing is typed. */
export function resumeFromLink(token: string, csrfToken: string | null): Promise<Enrolled> {
  let pending = resumed.get(token);
  if (pending === undefined) {
    pending = send('POST', '/api/enrollments/resume', { csrfToken, body: { token }, decoder: enrolled })
      .then(required)
      .catch((error: unknown) => {
        resumed.delete(token); // a later visit may try again (e.g. after an outage)
        throw error;
      });
    resumed.set(token, pending);
  }
  return pending;
}

/** A citizen logged in with SPID or CIE: enrolled at once; the SMS follow the language of the pages. */
export function enrollMe(campaign: string, csrfToken: string | null): Promise<Enrolled> {
  const lang = isLanguage(i18next.language) ? `?lang=${i18next.language}` : '';
  return admitted(campaign, async (headers) =>
    required(await send('POST', path(campaign, `enrollments/me${lang}`), { csrfToken, decoder: enrolled, headers })),
  );
}

/**
 * A pharmacist (with the health card) or a GP (a patient on the list) enrolling someone;
 * `lang` is the language the citizen asks for their SMS (Italian when absent).
 */
export async function enrollByOperator(
  campaign: string,
  input: { fiscalCode: string; healthCardNumber?: string; lang?: 'it' | 'en' },
  csrfToken: string | null,
): Promise<Enrolled> {
  return required(await send('POST', path(campaign, 'enrollments'), { csrfToken, body: input, decoder: enrolled }));
}
