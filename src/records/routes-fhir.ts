import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicAccess, rolesAccess } from '../http/policy.ts';
import { sendStoredFile } from '../http/stored-file.ts';
import type { TypedApp } from '../http/types.ts';
import { parseJsonBody } from '../http/validation.ts';
import { unauthenticated } from '../shared/errors.ts';
import type { Principal } from '../shared/principal.ts';
import { capabilityStatement } from './fhir/capability.ts';
import { SPECS } from './resources/index.ts';
import type { TypeSpec } from './resources/spec.ts';
import { notAcceptable } from './search/parse.ts';
import type { FhirService } from './service/fhir.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const hide = { hide: true }; // FHIR is described by its CapabilityStatement, not OpenAPI

const who = (request: FastifyRequest): Principal => {
  if (request.principal === null) throw unauthenticated();
  return request.principal;
};

/** Query parameters in request order, repeats kept (FHIR ANDs repeated parameters). */
const queryEntries = (request: FastifyRequest): [string, string][] => [
  ...new URL(request.url, 'http://x').searchParams.entries(),
];

const lenient = (request: FastifyRequest): boolean =>
  /handling\s*=\s*lenient/i.test(String(request.headers.prefer ?? ''));

/** Salus speaks FHIR JSON only; an Accept that rules JSON out is a 406. */
function checkAccept(request: FastifyRequest): void {
  const accept = request.headers.accept;
  if (accept === undefined || accept === '') return;
  if (!/json|\*\/\*|application\/\*/.test(accept)) throw notAcceptable(accept);
}

function send(reply: FastifyReply, resource: Resource, status = 200): FastifyReply {
  const version = resource.meta?.versionId;
  if (version !== undefined) reply.header('etag', `W/"${version}"`);
  if (resource.meta?.lastUpdated !== undefined)
    reply.header('last-modified', new Date(resource.meta.lastUpdated).toUTCString());
  return reply.status(status).type(FHIR_JSON).send(resource);
}

function registerType(app: FastifyInstance, spec: TypeSpec, fhir: FhirService, base: string): void {
  const path = `/fhir/R4/${spec.type}`;
  const read = { config: { policy: rolesAccess(...spec.readers) }, schema: hide };
  const has = (i: TypeSpec['interactions'][number]) => spec.interactions.includes(i);

  if (has('search-type')) {
    app.get(path, read, async (request, reply) => {
      checkAccept(request);
      return reply
        .type(FHIR_JSON)
        .send(await fhir.search(who(request), spec.type, queryEntries(request), lenient(request), request.id));
    });
    app.post(`${path}/_search`, read, async (request, reply) => {
      const form = typeof request.body === 'string' ? [...new URLSearchParams(request.body).entries()] : [];
      return reply
        .type(FHIR_JSON)
        .send(
          await fhir.search(who(request), spec.type, [...queryEntries(request), ...form], lenient(request), request.id),
        );
    });
  }
  app.get<{ Params: { id: string } }>(`${path}/:id`, read, async (request, reply) => {
    const { resource, row } = await fhir.read(who(request), spec.type, request.params.id, request.id);
    // ITI-68: a Binary is served as its own bytes (an attachment) unless FHIR JSON is asked for.
    const accept = request.headers.accept ?? '';
    if (spec.type === 'Binary' && !/fhir\+json|application\/json/.test(accept) && Buffer.isBuffer(row.data)) {
      const contentType = String(row.content_type);
      const filename = `${request.params.id.toLowerCase()}${contentType === 'application/pdf' ? '.pdf' : '.xml'}`;
      return sendStoredFile(reply.header('etag', 'W/"1"'), { bytes: row.data, contentType, filename }, false);
    }
    checkAccept(request);
    return send(reply, resource);
  });
  if (has('vread')) {
    app.get<{ Params: { id: string; vid: string } }>(`${path}/:id/_history/:vid`, read, async (request, reply) => {
      checkAccept(request);
      return send(reply, await fhir.vread(who(request), spec.type, request.params.id, request.params.vid, request.id));
    });
  }
  if (has('history-instance')) {
    app.get<{ Params: { id: string } }>(`${path}/:id/_history`, read, async (request, reply) =>
      reply.type(FHIR_JSON).send(await fhir.history(who(request), spec.type, request.params.id, request.id)),
    );
  }
  const write = { config: { policy: rolesAccess(...spec.writers) }, schema: hide };
  if (has('create')) {
    app.post(path, write, async (request, reply) => {
      const headers = { ifNoneExist: request.headers['if-none-exist'] as string | undefined };
      const { resource, created } = await fhir.create(who(request), spec.type, request.body, headers, request.id);
      if (created)
        reply.header(
          'location',
          `${base}/${spec.type}/${resource.id ?? ''}/_history/${resource.meta?.versionId ?? '1'}`,
        );
      return send(reply, resource, created ? 201 : 200);
    });
  }
  if (has('update')) {
    app.put<{ Params: { id: string } }>(`${path}/:id`, write, async (request, reply) => {
      const headers = { ifMatch: request.headers['if-match'] };
      return send(
        reply,
        await fhir.update(who(request), spec.type, request.params.id, request.body, headers, request.id),
      );
    });
  }
}

/**
 * FHIR R4 under /fhir/R4, in a plugin of its own so that its body parsers
 * (application/fhir+json, and form bodies for POST _search) stay out of other modules.
 * Errors become OperationOutcome in src/http/problem.ts (every /fhir URL).
 */
export function registerFhirRoutes(app: TypedApp, fhir: FhirService, options: { base: string; version: string }): void {
  const capability = capabilityStatement(SPECS, options.base, options.version);
  void app.register((scope, _opts, done) => {
    scope.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, parseJsonBody);
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, next) => {
      next(null, body);
    });

    scope.get(
      '/fhir/R4/metadata',
      {
        config: { policy: publicAccess('FHIR CapabilityStatement: describes the API, holds no personal data') },
        schema: hide,
      },
      (_request, reply) => reply.type(FHIR_JSON).send(capability),
    );
    // ITI-65 at the base; a Bundle of several 10 MB documents needs more than the app's default body limit.
    const provide = { config: { policy: rolesAccess('facility') }, schema: hide, bodyLimit: 64 * 1024 * 1024 };
    const handleProvide = async (request: FastifyRequest, reply: FastifyReply) =>
      reply.type(FHIR_JSON).send((await fhir.provide(who(request), request.body, request.id)).response);
    scope.post('/fhir/R4', provide, handleProvide);
    scope.post('/fhir/R4/', provide, handleProvide);
    for (const spec of SPECS) registerType(scope, spec, fhir, options.base);
    done();
  });
}
