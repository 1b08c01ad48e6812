import type pg from 'pg';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Config } from '../config.ts';
import type { Db } from '../db/tables.ts';
import { rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { DEMO_CITIZENS, DEMO_OPERATORS } from '../registry/index.ts';
import { registerAccessControl } from './access.ts';
import { auditLog } from './audit.ts';
import { bearerVerifier } from './bearer.ts';
import { delegationService } from './delegations.ts';
import { accountStore } from './idp/accounts.ts';
import { createIdentityProvider } from './idp/provider.ts';
import { registerIdpRoutes } from './idp/routes.ts';
import { providerSessions, type ProviderSessions } from './idp/sessions.ts';
import { loginService } from './login.ts';
import { loginGuard } from './login-guard.ts';
import { citizenAccess } from './relations.ts';
import { registerIdentityRoutes } from './routes.ts';
import { relyingParty } from './rp/oidc-client.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { sessionStore } from './sessions.ts';
import type { IdentityDb } from './db-types.ts';
import { identityRepository, type IdentityRepository } from './repository.ts';

/** Delegation checks and the access log, for the modules that keep the rules in their own queries. */
export { auditLog, type AccessLogItem } from './audit.ts';
export { liveDelegation } from './delegations.ts';

/**
 * Published read-only views (migrations/0027_published_views.sql), for reads that must stay
 * inside another module's one SQL statement (the FSE's access rule):
 * - identity_live_delegations (id, delegator_id, delegate_id, created_at, expires_at): the
 *   delegations in force, by the same predicate as liveDelegation (delegations.ts);
 * - identity_audit_events: the access log's columns, as the FSE shows it to the citizen.
 * Their columns are a contract: identity keeps them when its tables change.
 */
export interface IdentityDeps<All extends IdentityDb> {
  readonly config: Config;
  /** Any handle holding identity's tables and the registry views it reads (the composition root's). */
  readonly db: Db<All>;
  readonly pool: pg.Pool;
  /** Resolves a demo username to its codice fiscale (registry data). */
  readonly demoFiscalCodes: () => Promise<ReadonlyMap<string, string>>;
}

/**
 * Login (bundled OpenID provider + Salus as relying party), sessions, access
 * control on every route, delegation and the access log. Other modules get the
 * audit sink and the relationship checks from here and only declare policies.
 */
export function createIdentityModule<All extends IdentityDb>(deps: IdentityDeps<All>) {
  const { config } = deps;
  const secrets = loadOrCreateSecrets(config.dataDir);
  const issuer = config.OIDC_ISSUER ?? `${config.publicUrl}/idp`;
  const bundled = config.OIDC_ISSUER === undefined;
  const secureCookies = config.NODE_ENV === 'production' || config.publicUrl.startsWith('https://');
  const apiAudience = `${config.publicUrl}/api`;
  const repo = identityRepository(deps.db);
  const accounts = accountStore(repo);
  const audit = auditLog(deps.db);
  const sessions = sessionStore(repo, {
    idleMinutes: config.SESSION_IDLE_MINUTES,
    absoluteHours: config.SESSION_ABSOLUTE_HOURS,
  });
  const delegations = delegationService(deps.db, audit);
  const rp = relyingParty({
    issuer,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET ?? secrets.webClientSecret,
    redirectUri: `${config.publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${config.publicUrl}/`,
  });
  const ended = bundled ? providerSessions(deps.pool) : null;
  const login = loginService({
    repo,
    rp,
    sessions,
    audit,
    ...(ended === null ? {} : { endProviderSession: (idToken: string) => endBundledSession(ended, idToken) }),
  });

  return {
    audit,
    access: citizenAccess(repo, delegations),
    accounts,
    sessions,
    delegations,
    issuer,
    apiAudience,

    async registerRoutes(app: TypedApp): Promise<void> {
      registerAccessControl(app, {
        sessions,
        verifyBearer: bearerVerifier(repo, { issuer, audience: apiAudience, jwksUri: () => rp.jwksUri() }),
      });
      if (bundled) {
        const behindProxy = config.trustedProxies.length > 0;
        const provider = createIdentityProvider({
          issuer,
          publicUrl: config.publicUrl,
          webClientId: config.OIDC_CLIENT_ID,
          secrets,
          accounts,
          pool: deps.pool,
          apiAudience,
          secureCookies,
          behindProxy,
        });
        const demo = config.SALUS_DEMO
          ? {
              password: secrets.demoPassword,
              accounts: [...DEMO_CITIZENS, ...DEMO_OPERATORS].map((p) => ({ username: p.username, who: p.note.it })),
            }
          : null;
        await registerIdpRoutes(app, {
          provider,
          accounts,
          demo,
          loginGuard: loginGuard(deps.pool),
        });
      }
      registerIdentityRoutes(app, {
        login,
        sessions,
        delegations,
        audit,
        publicUrl: config.publicUrl,
        secureCookies,
        sessionHours: config.SESSION_ABSOLUTE_HOURS,
      });
      app.get(
        '/api/facility/whoami',
        {
          config: { policy: rolesAccess('facility') },
          schema: { tags: ['identity'], summary: 'The calling facility system (client credentials)' },
        },
        (request) => request.principal,
      );
    },

    /** Demo logins for the named demo people, and a client for the demo hospital. Idempotent. */
    async seedDemoCredentials(): Promise<{
      password: string;
      facilityClient: { clientId: string; clientSecret: string } | null;
    }> {
      const codes = await deps.demoFiscalCodes();
      const existing = new Set(await accounts.usernames());
      for (const [username, fiscalCode] of codes) {
        if (!existing.has(username)) await accounts.setPassword(username, fiscalCode, secrets.demoPassword);
      }
      return { password: secrets.demoPassword, facilityClient: await ensureDemoFacilityClient(repo) };
    },
  };
}

/** The ID token was checked at login and kept server-side: its claims can be read as they are. */
async function endBundledSession(sessions: ProviderSessions, idToken: string): Promise<void> {
  const claims = decodeJwt(idToken);
  if (typeof claims.sub !== 'string' || typeof claims.auth_time !== 'number') return;
  await sessions.end(claims.sub, claims.auth_time);
}

async function ensureDemoFacilityClient(
  repo: IdentityRepository,
): Promise<{ clientId: string; clientSecret: string } | null> {
  const clientId = 'facility-OSP-MI-001';
  const secret = randomBytes(24).toString('base64url');
  const clientSecret = await repo.ensureFacilityClient('OSP-MI-001', clientId, secret, ['fse:write', 'fse:read']);
  return clientSecret === null ? null : { clientId, clientSecret };
}

export type IdentityModule = ReturnType<typeof createIdentityModule>;
