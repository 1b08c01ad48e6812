import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import { registerHealthRoutes, type HealthDeps } from './health.ts';
import { registerHttpMetrics } from './metrics.ts';
import { redactingLogger } from './log-redaction.ts';
import { defaultPolicyForPlugin, publicAccess, trackRoutePolicies, type RegisteredRoute } from './policy.ts';
import { clientErrorHandler, frameworkErrors } from './client-errors.ts';
import { registerErrorHandling, sendError } from './problem.ts';
import { proxyTrust, registerForwardedHeaderGuard } from './proxy.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerWebApp } from './web.ts';
import { createValidatorCompiler, registerInputGuard, registerJsonParser } from './validation.ts';
import type { TypedApp } from './types.ts';
import { notFound } from '../shared/errors.ts';

export interface AppDeps {
  readonly logger: FastifyBaseLogger;
  readonly metrics: Registry;
  readonly health: HealthDeps;
  /** Each module registers its routes here; the app knows nothing of their content. */
  readonly modules: readonly ((app: TypedApp) => void | Promise<void>)[];
  readonly webDist?: string | undefined;
  /** Reverse proxies whose X-Forwarded-* headers are believed (TRUST_PROXY); none when absent. */
  readonly trustedProxies?: readonly string[];
  /** PUBLIC_URL: where forms may redirect to, and whether to ask for https (HSTS). */
  readonly publicUrl?: string | undefined;
}

export interface BuiltApp {
  readonly app: TypedApp;
  readonly routes: readonly RegisteredRoute[];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const trustedProxies = deps.trustedProxies ?? [];
  const trustProxy = proxyTrust(trustedProxies);
  const app = Fastify({
    // Codici fiscali and OAuth codes in URLs never reach the logs (log-redaction.ts).
    loggerInstance: redactingLogger(deps.logger),
    // Honour an upstream proxy's id so one request can be followed across sites.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024, // FSE documents up to 10 MB inline
    // The national Gateway's ids (workflowInstanceId, identificativoDoc) reach 256 characters.
    routerOptions: { maxParamLength: 512 },
    // Fail fast on slow clients; shutdown closes idle keep-alive sockets at once.
    requestTimeout: 30_000,
    forceCloseConnections: 'idle',
    // request.ip, .host and .protocol from X-Forwarded-* only when the peer is a configured proxy.
    trustProxy: trustedProxies.length === 0 ? false : (address) => trustProxy(address),
    // Router and parser errors answer in the same formats as every other error.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  registerJsonParser(app);
  registerInputGuard(app);

  const tracker = trackRoutePolicies(app);
  registerSecurityHeaders(app, deps.publicUrl);
  await app.register(fastifyCookie);
  registerErrorHandling(app);
  registerForwardedHeaderGuard(app, trustProxy);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Salus API',
        version: '0.1.0',
        description: 'Regional health platform: non-FHIR API. FHIR R4 lives under /fhir/R4.',
      },
    },
  });
  await app.register(async (docs) => {
    defaultPolicyForPlugin(docs, publicAccess('API documentation'));
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });

  registerHttpMetrics(app, deps.metrics);
  registerHealthRoutes(app, deps.health);
  for (const register of deps.modules) await register(app);

  const serveIndex = deps.webDist === undefined ? null : await registerWebApp(app, deps.webDist);
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !/^\/(api|fhir|fse2|health|metrics|docs|idp)(\/|$)/.test(request.url);
    if (wantsPage && serveIndex !== null) return serveIndex(reply);
    return sendError(
      notFound('route.not_found', `There is nothing at ${request.method} ${request.url}.`),
      request,
      reply,
    );
  });

  await app.ready();
  tracker.assertPolicies();
  return { app, routes: tracker.routes };
}
