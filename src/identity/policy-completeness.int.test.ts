import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 10 });
});
afterAll(async () => {
  await platform.close();
});

describe('route policies on the running platform', () => {
  it('every registered route declares who may call it', () => {
    const missing = platform.routes.filter((r) => r.policy === undefined).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(platform.routes.length).toBeGreaterThan(20);
  });

  it('every /api route that is not public names its roles', () => {
    const apiRoutes = platform.routes.filter((r) => r.url.startsWith('/api/') && r.policy?.access === 'roles');
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const route of apiRoutes)
      expect(route.policy?.access === 'roles' ? route.policy.roles.length : 0).toBeGreaterThan(0);
  });

  it('public routes say why they are public', () => {
    for (const route of platform.routes.filter((r) => r.policy?.access === 'public')) {
      expect(
        route.policy?.access === 'public' ? route.policy.why.length : 0,
        `${route.method} ${route.url}`,
      ).toBeGreaterThan(3);
    }
  });
});
