import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Role } from '../shared/roles.ts';

/**
 * Every route declares who may call it, in `config.policy`. A route without one
 * stops the server from starting, so nothing is reachable by accident.
 * - `public`: data public by nature (health probes, reference data, aggregates);
 * - `roles`: only these roles (401 without a login, 403 for other roles). The
 *   relationship to the data (own record, patient on the GP's list…) is then
 *   checked by the service, which knows the data.
 */
export type RoutePolicy =
  { readonly access: 'public'; readonly why: string } | { readonly access: 'roles'; readonly roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

export const publicAccess = (why: string): RoutePolicy => ({ access: 'public', why });
export const rolesAccess = (...roles: Role[]): RoutePolicy => ({ access: 'roles', roles });

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  /** Read when asked: hooks of nested plugin contexts may set it after the root saw the route. */
  readonly policy: RoutePolicy | undefined;
}

/** Records every route as it is added; `assertPolicies` fails start-up if any lacks a policy. */
export function trackRoutePolicies(app: FastifyInstance): { routes: RegisteredRoute[]; assertPolicies(): void } {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routes.push({
        method,
        url: route.url,
        get policy() {
          return route.config?.policy;
        },
      });
    }
  });
  return {
    routes,
    assertPolicies: () => {
      const missing = routes.filter((r) => r.policy === undefined);
      if (missing.length > 0) {
        throw new Error(`Routes without a declared policy: ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`);
      }
    },
  };
}

/**
 * For third-party plugins (OpenAPI UI, static files) that register their own
 * routes: give every route in this encapsulated context the stated policy.
 */
export function defaultPolicyForPlugin(app: FastifyInstance, policy: RoutePolicy): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...route.config, policy: route.config?.policy ?? policy };
  });
}
