import { rolesAccess } from '../../http/policy.ts';
import { requireCitizen } from '../../http/principals.ts';
import type { TypedApp } from '../../http/types.ts';
import type { VaccService } from './service.ts';

export const CERTIFICATE_PATH = '/api/me/fse2/vaccination-certificate';

/** The citizen's (or delegate's) vaccination certificate CDA2, compiled from the record (ADR 0013). */
export function registerVaccRoutes(app: TypedApp, service: VaccService): void {
  app.get(
    CERTIFICATE_PATH,
    {
      config: { policy: rolesAccess('citizen') },
      schema: {
        tags: ['fse2'],
        summary: 'My vaccination certificate as an HL7 Italia CDA2 (certificato vaccinale), from my record',
        produces: ['application/xml'],
      },
    },
    async (request, reply) => {
      const cda = await service.certificate(requireCitizen(request.principal), request.id);
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="certificato-vaccinale.xml"')
        .send(cda);
    },
  );
}
