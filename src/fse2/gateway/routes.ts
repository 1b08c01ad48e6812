import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { rolesAccess } from '../../http/policy.ts';
import type { TypedApp } from '../../http/types.ts';
import { forbidden, unauthenticated } from '../../shared/errors.ts';
import type { FacilityPrincipal } from '../../shared/principal.ts';
import { gatewayError } from './errors.ts';
import * as dto from './schemas.ts';
import type { GatewayAnswer, GatewayCall, GatewayService } from './service.ts';

export const GATEWAY_PREFIX = '/fse2/v1';
/** A signed PDF with its CDA: the national Gateway's limit is not published; 20 MB covers imaging reports. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const facility = (request: FastifyRequest): FacilityPrincipal => {
  const p = request.principal;
  if (p === null)
    throw unauthenticated('Send the facility system\'s client-credentials token as "Authorization: Bearer".');
  if (p.kind !== 'facility') throw forbidden('fse2.not_facility', 'Only facility systems publish to the FSE Gateway.');
  if (!p.scopes.includes('fse:write'))
    throw forbidden('fse2.scope', 'This token lacks the fse:write scope: request it with client credentials.');
  return p;
};

const call = (request: FastifyRequest): GatewayCall => {
  const jwt = request.headers['fse-jwt-signature'];
  return { principal: facility(request), traceId: request.id, jwt: typeof jwt === 'string' ? jwt : undefined };
};

/** The first problem of a DTO as the national error: a missing field, or one valued wrongly. */
function checked<S extends TSchema>(schema: S, value: unknown): Static<S> {
  if (Value.Check(schema, value)) return value;
  const first = [...Value.Errors(schema, value)][0];
  const missing =
    first?.keyword === 'required'
      ? ((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '')
      : '';
  if (missing !== '') throw gatewayError('mandatory_element', `Il campo ${missing} deve essere valorizzato.`);
  const path = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
  const field = path === '' ? 'requestBody' : path;
  if (first?.keyword === 'boolean' || first?.keyword === 'additionalProperties')
    throw gatewayError('invalid_format', `Il campo ${field} non è previsto dal DTO di questo servizio: toglilo.`);
  throw gatewayError(
    'invalid_format',
    `Il campo ${field} deve essere valorizzato correttamente (${first?.message ?? 'invalid'}).`,
  );
}

/** multipart/form-data with "requestBody" (JSON) and "file" (the PDF), as every national publication sends it. */
async function multipart(request: FastifyRequest): Promise<{ body: unknown; file: Buffer | undefined }> {
  if (!request.isMultipart()) {
    throw gatewayError(
      'invalid_format',
      'Send multipart/form-data with the parts "requestBody" (JSON) and "file" (PDF).',
    );
  }
  let body: unknown;
  let file: Buffer | undefined;
  for await (const part of request.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 4 } })) {
    if (part.type === 'file' && part.fieldname === 'file') file = await part.toBuffer();
    else if (part.type === 'file')
      await part.toBuffer(); // drain an unexpected file part
    else if (part.fieldname === 'requestBody') {
      try {
        body = JSON.parse(String(part.value));
      } catch {
        throw gatewayError('invalid_format', 'Il campo requestBody deve essere un oggetto JSON valido.');
      }
    }
  }
  if (body === undefined) throw gatewayError('mandatory_element', 'Il campo requestBody deve essere valorizzato.');
  return { body, file };
}

function answer(reply: FastifyReply, request: FastifyRequest, status: number, a: GatewayAnswer): FastifyReply {
  if (a.validation !== null) {
    reply.header('fse-validation-result', a.validation.result);
    reply.header('fse-catalog-version', a.validation.catalogVersion);
  }
  return reply.status(status).send({
    traceID: request.id,
    spanID: request.id,
    workflowInstanceId: a.workflowInstanceId,
    ...(a.warning === undefined ? {} : { warning: a.warning }),
  });
}

/** The national Gateway's routes (swagger_gtw.yaml paths under /documents and /status). */
export async function registerGatewayRoutes(app: TypedApp, gateway: GatewayService): Promise<void> {
  await app.register(
    async (api) => {
      await api.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
      const policy = { policy: rolesAccess('facility') };
      const tags = ['FSE 2.0 Gateway'];
      const idDoc = { type: 'object', properties: { idDoc: { type: 'string', minLength: 1, maxLength: 256 } } };

      api.post(
        '/documents/validation',
        { config: policy, schema: { tags, consumes: ['multipart/form-data'] } },
        async (request, reply) => {
          const { body, file } = await multipart(request);
          const a = await gateway.validate(call(request), file, checked(dto.ValidationCDAReqDTO, body));
          return answer(reply, request, a.stored ? 201 : 200, a);
        },
      );
      api.post('/documents', { config: policy, schema: { tags } }, async (request, reply) => {
        const { body, file } = await multipart(request);
        return answer(
          reply,
          request,
          202,
          await gateway.create(call(request), file, checked(dto.PublicationCreationReqDTO, body), false),
        );
      });
      api.post('/documents/validate-and-create', { config: policy, schema: { tags } }, async (request, reply) => {
        const { body, file } = await multipart(request);
        return answer(
          reply,
          request,
          202,
          await gateway.create(call(request), file, checked(dto.ValidateAndCreateDTO, body), true),
        );
      });
      api.put<{ Params: { idDoc: string } }>(
        '/documents/:idDoc',
        { config: policy, schema: { tags, params: idDoc } },
        async (request, reply) => {
          const { body, file } = await multipart(request);
          const parsed = checked(dto.PublicationUpdateReqDTO, body);
          return answer(
            reply,
            request,
            202,
            await gateway.replace(call(request), request.params.idDoc, file, parsed, false),
          );
        },
      );
      api.put<{ Params: { idDoc: string } }>(
        '/documents/validate-and-replace/:idDoc',
        { config: policy, schema: { tags, params: idDoc } },
        async (request, reply) => {
          const { body, file } = await multipart(request);
          const parsed = checked(dto.ValidateAndReplaceDTO, body);
          return answer(
            reply,
            request,
            202,
            await gateway.replace(call(request), request.params.idDoc, file, parsed, true),
          );
        },
      );
      api.delete<{ Params: { idDoc: string } }>(
        '/documents/:idDoc',
        { config: policy, schema: { tags, params: idDoc } },
        async (request, reply) =>
          answer(reply, request, 200, await gateway.remove(call(request), request.params.idDoc)),
      );
      api.put<{ Params: { idDoc: string } }>(
        '/documents/:idDoc/metadata-iti-57',
        { config: policy, schema: { tags, params: idDoc } },
        async (request, reply) => {
          const parsed = checked(dto.PublicationMetadataReqDTO, request.body);
          return answer(reply, request, 200, await gateway.updateMetadata(call(request), request.params.idDoc, parsed));
        },
      );
      const status =
        (by: { workflowInstanceId: string } | { traceId: string }) =>
        async (request: FastifyRequest, reply: FastifyReply) =>
          reply.send({
            traceID: request.id,
            spanID: request.id,
            transactionData: await gateway.status(facility(request), by),
          });
      api.get<{ Params: { workflowInstanceId: string } }>(
        '/status/:workflowInstanceId',
        { config: policy, schema: { tags } },
        (request, reply) => status({ workflowInstanceId: request.params.workflowInstanceId })(request, reply),
      );
      api.get<{ Params: { traceId: string } }>(
        '/status/search/:traceId',
        { config: policy, schema: { tags } },
        (request, reply) => status({ traceId: request.params.traceId })(request, reply),
      );
    },
    { prefix: GATEWAY_PREFIX },
  );
}
