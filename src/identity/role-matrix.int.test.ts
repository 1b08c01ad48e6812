import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHealthCard } from '../registry/index.ts';
import { loginAs, type LoggedIn } from '../../test/helpers/browserless-login.ts';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

const MARIA = 'BRMMRA36C52F205C';
type Caller =
  | 'maria'
  | 'annaForMaria'
  | 'giuseppe'
  | 'gpOfMaria'
  | 'otherGp'
  | 'pharmacist'
  | 'vaccinator'
  | 'region'
  | 'facility'
  | 'anonymous';
const CALLERS: readonly Caller[] = [
  'maria',
  'annaForMaria',
  'giuseppe',
  'gpOfMaria',
  'otherGp',
  'pharmacist',
  'vaccinator',
  'region',
  'facility',
  'anonymous',
];

// Expected status for each caller on each resource: the whole role × resource matrix.
const MATRIX: Record<string, { path: string; expect: Record<Caller, number> }> = {
  'a citizen’s registry data': {
    path: `/api/citizens/${MARIA}`,
    expect: {
      maria: 200,
      annaForMaria: 200,
      giuseppe: 403,
      gpOfMaria: 200,
      otherGp: 403,
      pharmacist: 403,
      vaccinator: 403,
      region: 403,
      facility: 403,
      anonymous: 401,
    },
  },
  'a GP’s patient list': {
    path: '/api/gp/patients',
    expect: {
      maria: 403,
      annaForMaria: 403,
      giuseppe: 403,
      gpOfMaria: 200,
      otherGp: 200,
      pharmacist: 403,
      vaccinator: 403,
      region: 403,
      facility: 403,
      anonymous: 401,
    },
  },
  'region aggregates': {
    path: '/api/region/overview',
    expect: {
      maria: 403,
      annaForMaria: 403,
      giuseppe: 403,
      gpOfMaria: 403,
      otherGp: 403,
      pharmacist: 403,
      vaccinator: 403,
      region: 200,
      facility: 403,
      anonymous: 401,
    },
  },
  'my access log': {
    path: '/api/me/access-log',
    expect: {
      maria: 200,
      annaForMaria: 200,
      giuseppe: 200,
      gpOfMaria: 403,
      otherGp: 403,
      pharmacist: 403,
      vaccinator: 403,
      region: 403,
      facility: 403,
      anonymous: 401,
    },
  },
  'my Green Pass certificates': {
    path: '/api/me/certificates',
    expect: {
      maria: 200,
      annaForMaria: 200,
      giuseppe: 200,
      gpOfMaria: 403,
      otherGp: 403,
      pharmacist: 403,
      vaccinator: 403,
      region: 403,
      facility: 403,
      anonymous: 401,
    },
  },
  'the pharmacy’s rapid-test devices': {
    path: '/api/pharmacy/rapid-test-devices',
    expect: {
      maria: 403,
      annaForMaria: 403,
      giuseppe: 403,
      gpOfMaria: 403,
      otherGp: 403,
      pharmacist: 200,
      vaccinator: 403,
      region: 403,
      facility: 403,
      anonymous: 401,
    },
  },
  'a facility system’s identity': {
    path: '/api/facility/whoami',
    expect: {
      maria: 403,
      annaForMaria: 403,
      giuseppe: 403,
      gpOfMaria: 403,
      otherGp: 403,
      pharmacist: 403,
      vaccinator: 403,
      region: 403,
      facility: 200,
      anonymous: 401,
    },
  },
};

let platform: TestPlatform;
const headers = new Map<Caller, Record<string, string>>();
let sessions: Partial<Record<Caller, LoggedIn>> = {};

beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 50 });
  const base = platform.baseUrl;
  sessions = {
    maria: await loginAs(base, 'maria.brambilla'),
    annaForMaria: await loginAs(base, 'anna.sala'),
    giuseppe: await loginAs(base, 'giuseppe.locatelli'),
    gpOfMaria: await loginAs(base, 'mmg.colombo', { as: 'operator' }),
    otherGp: await loginAs(base, 'mmg.rota', { as: 'operator' }),
    pharmacist: await loginAs(base, 'farm.galli', { as: 'operator' }),
    vaccinator: await loginAs(base, 'vacc.ferrari', { as: 'operator' }),
    region: await loginAs(base, 'regione.fontana', { as: 'operator' }),
  };
  for (const [caller, s] of Object.entries(sessions) as [Caller, LoggedIn][])
    headers.set(caller, { cookie: s.jar.header(), 'x-csrf-token': s.csrf });
  // Maria names her granddaughter Anna as delegate; Anna then acts on Maria's behalf.
  const maria = sessions.maria;
  const anna = sessions.annaForMaria;
  if (maria === undefined || anna === undefined) throw new Error('logins failed');
  const added = await fetch(`${base}/api/me/delegations`, {
    method: 'POST',
    headers: { ...headers.get('maria'), 'content-type': 'application/json' },
    body: JSON.stringify({ fiscalCode: anna.me.fiscalCode, healthCardNumber: demoHealthCard(3) }),
  });
  expect(added.status).toBe(201);
  const switched = await fetch(`${base}/api/me/acting-for`, {
    method: 'POST',
    headers: { ...headers.get('annaForMaria'), 'content-type': 'application/json' },
    body: JSON.stringify({ fiscalCode: MARIA }),
  });
  expect(switched.status).toBe(204);
  const demo = (await (await fetch(`${base}/api/demo`)).json()) as {
    facilityClient: { clientId: string; clientSecret: string };
  };
  const token = (await (
    await fetch(`${base}/idp/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${demo.facilityClient.clientId}:${demo.facilityClient.clientSecret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=fse:read',
    })
  ).json()) as { access_token: string };
  headers.set('facility', { authorization: `Bearer ${token.access_token}` });
  headers.set('anonymous', {});
}, 60_000);

afterAll(async () => {
  await platform.close();
});

describe('the role × resource matrix', () => {
  for (const [resource, { path, expect: expected }] of Object.entries(MATRIX)) {
    it.each(CALLERS.map((c) => [c, expected[c]] as const))(`${resource}: %s gets %i`, async (caller, status) => {
      const response = await fetch(`${platform.baseUrl}${path}`, { headers: headers.get(caller) ?? {} });
      expect(response.status).toBe(status);
      if (status >= 400) expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  }
});

describe('session requests that change state', () => {
  it('are refused without the CSRF token', async () => {
    const withoutCsrf = { cookie: headers.get('giuseppe')?.cookie ?? '' };
    const response = await fetch(`${platform.baseUrl}/api/me/delegations`, {
      method: 'POST',
      headers: { ...withoutCsrf, 'content-type': 'application/json' },
      body: JSON.stringify({ fiscalCode: MARIA, healthCardNumber: demoHealthCard(0) }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('auth.csrf');
  });
});

describe('the access log', () => {
  it('shows Maria who read her data, newest first, naming the delegate and on whose behalf', async () => {
    const log = (await (
      await fetch(`${platform.baseUrl}/api/me/access-log?limit=50`, { headers: headers.get('maria') ?? {} })
    ).json()) as {
      items: { who: string; role: string; onBehalfOf: string | null; action: string; at: string }[];
    };
    const reads = log.items.filter((i) => i.action === 'read');
    expect(reads.some((i) => i.who === 'Laura Colombo' && i.role === 'gp')).toBe(true);
    expect(
      reads.some((i) => i.who === 'Anna Sala' && i.role === 'delegate' && i.onBehalfOf === 'Maria Brambilla'),
    ).toBe(true);
    const times = log.items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('records denied attempts too, for the subject to see', async () => {
    const { rows } = await platform.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events e JOIN citizens c ON c.id = e.subject_citizen_id
       WHERE c.fiscal_code = $1 AND e.outcome = 'denied' AND e.actor_role = 'gp'`,
      [MARIA],
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });
});
