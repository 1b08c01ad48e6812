import type { TypedApp } from '../http/types.ts';
import { publicAccess } from '../http/policy.ts';
import { DemoInfo, MunicipalityPage, MunicipalityQuery, PopulationStats } from './schemas.ts';
import type { DemoCandidate } from './service.ts';
import type { DemoCredentials, RegistryService } from './service.ts';

/** `notEnrolled` lists the demo campaign's eligible people not yet enrolled (called in demo mode only). */
export function registerRegistryRoutes(
  app: TypedApp,
  service: RegistryService,
  demoCredentials: () => DemoCredentials | null,
  notEnrolled: () => Promise<DemoCandidate[]> = () => Promise.resolve([]),
): void {
  app.get(
    '/api/registry/stats',
    {
      config: { policy: publicAccess('population aggregates by province and age band, no personal data') },
      schema: { tags: ['registry'], summary: 'Population figures of the registry', response: { 200: PopulationStats } },
    },
    () => service.stats(),
  );
  app.get(
    '/api/registry/municipalities',
    {
      config: { policy: publicAccess('ISTAT reference data') },
      schema: {
        tags: ['registry'],
        summary: 'Lombardy municipalities with ISTAT and cadastral codes, province, ATS and population',
        querystring: MunicipalityQuery,
        response: { 200: MunicipalityPage },
      },
    },
    (request) => service.municipalities(request.query),
  );
  app.get(
    '/api/demo',
    {
      config: { policy: publicAccess('demo accounts are listed only when demo mode is on') },
      schema: {
        tags: ['demo'],
        summary: 'Demo accounts to try Salus with (demo mode only)',
        response: { 200: DemoInfo },
      },
    },
    () => service.demoInfo(demoCredentials(), notEnrolled),
  );
}
