import type { TypedApp } from '../../http/types.ts';
import { registerClinicalViewRoutes } from './routes.ts';
import { clinicalViewsService, type ClinicalViewsDeps } from './service.ts';

/** Clinical views from the data: laboratory trends and the vaccination history (issue 20 item 2; ADR 0019). */
export function createClinicalViewsModule(deps: ClinicalViewsDeps) {
  const service = clinicalViewsService(deps);
  return {
    service,
    registerRoutes(app: TypedApp): void {
      registerClinicalViewRoutes(app, service);
    },
  };
}

export type { ClinicalViewsDeps, DerivedItem, DerivedRead, RecordSearch, Whose } from './service.ts';
export type { Analyte, LabPoint, LabTrends, VaccinationEntry, VaccinationHistory } from './schemas.ts';
