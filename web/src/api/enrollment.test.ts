import { afterEach, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { admissionHeaders, submitDraft, waitingRoomPath } from './enrollment.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const input = {
  fiscalCode: 'RSSMRA85T10A562S',
  healthCardNumber: '80380999000000000011',
  mobilePhone: '+393330000001',
};

function browser(admission: string | null) {
  const assign = vi.fn();
  const storage = { getItem: (key: string) => (key === 'salus.admission.covid-over80' ? admission : null) };
  vi.stubGlobal('window', { sessionStorage: storage, location: { assign } });
  return assign;
}

describe('the waiting room admission', () => {
  it('sends the token the waiting room left for this campaign', async () => {
    browser('ticket-42');
    expect(admissionHeaders('covid-over80')).toEqual({ 'x-admission': 'ticket-42' });
    expect(admissionHeaders('other')).toEqual({});
    let headers: HeadersInit | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((_path: string, init?: RequestInit) => {
        headers = init?.headers;
        return Promise.resolve(new Response(JSON.stringify({ status: 'submitted', message: 'ok' }), { status: 202 }));
      }),
    );
    await submitDraft('covid-over80', input, null);
    expect(headers).toMatchObject({ 'x-admission': 'ticket-42' });
  });

  it('sends the person to the waiting room when the server asks for admission', async () => {
    const assign = browser(null);
    const problem = { status: 403, title: 'Forbidden', code: 'waitroom.admission_required', detail: 'Wait your turn.' };
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(problem), { status: 403 }))),
    );
    const outcome = await Promise.race([
      submitDraft('covid-over80', input, null).then(
        () => 'settled',
        () => 'failed',
      ),
      new Promise((r) =>
        setTimeout(() => {
          r('pending');
        }, 50),
      ),
    ]);
    expect(outcome).toBe('pending'); // no error is shown while the page is left
    expect(assign).toHaveBeenCalledWith(waitingRoomPath('covid-over80'));
    expect(waitingRoomPath('covid-over80')).toBe('/sala-attesa.html?c=covid-over80');
  });

  it('lets any other refusal through to the page', async () => {
    const assign = browser(null);
    const problem = { status: 409, title: 'Conflict', code: 'campaign.not_eligible', detail: 'Not yet.' };
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(problem), { status: 409 }))),
    );
    await expect(submitDraft('covid-over80', input, null)).rejects.toMatchObject({
      status: 409,
      code: 'campaign.not_eligible',
    });
    expect(assign).not.toHaveBeenCalled();
  });
});

describe('the language of the SMS', () => {
  it('is sent with the data: the language the pages are in', async () => {
    browser(null);
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((_path: string, init?: RequestInit) => {
        bodies.push(JSON.parse(init?.body as string));
        return Promise.resolve(new Response(JSON.stringify({ status: 'submitted', message: 'ok' }), { status: 202 }));
      }),
    );
    await i18next.init({ lng: 'en', resources: {} });
    await submitDraft('covid-over80', input, null);
    await i18next.changeLanguage('it');
    await submitDraft('covid-over80', input, null);
    expect(bodies).toEqual([
      { ...input, lang: 'en' },
      { ...input, lang: 'it' },
    ]);
  });
});
