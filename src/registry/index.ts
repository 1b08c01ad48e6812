/**
 * The registry's public face (docs/adr/0008-module-boundaries.md): citizens, GPs, facilities and the
 * territory, as other modules and the composition root (src/modules.ts) may use them. Files of this
 * folder not exported here are internal.
 */
export { DEMO_CITIZENS, DEMO_OPERATORS, demoHealthCard, type DemoCitizen, type DemoOperator } from './demo.ts';
export { peopleService, type PeopleService } from './people.ts';
export { registerPeopleRoutes } from './people-routes.ts';
export { registryRepository, type RegistryRepository } from './repository.ts';
export { registerRegistryRoutes } from './routes.ts';
export { seedPopulation } from './seed.ts';
export {
  demoLogins,
  registryService,
  type DemoCandidate,
  type DemoCredentials,
  type RegistryCitizens,
  type RegistryService,
} from './service.ts';
export { loadLombardy, type Territory } from './territory.ts';
