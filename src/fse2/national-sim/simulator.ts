import { createHash, randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import * as dto from '../gateway/schemas.ts';
import type { ForwardOperation } from '../forward/types.ts';
import { CapacityLimit, retryAfterSeconds } from './capacity.ts';
import { SimState, type Received } from './state.ts';

/** How the simulated national side misbehaves; changed at run time (tests, or POST /sim/control). */
export interface SimChaos {
  /** Added to every accepted request's answer, after its work is done. */
  latencyMs: number;
  /** The next n requests get a 503 national error. */
  failNext: number;
  /** The next n requests get no answer until the simulator closes (the caller times out). */
  hangNext: number;
}

export interface NationalSimulator {
  readonly url: string;
  readonly port: number;
  readonly state: SimState;
  readonly chaos: SimChaos;
  /** Requests per second it accepts (0: no limit); above it, 429 with Retry-After (capacity.ts). */
  readonly capacity: CapacityLimit;
  /** Stops listening (connections refused) for ms, then listens again on the same port. */
  downFor(ms: number): Promise<void>;
  /** Back up now (ends a downFor early). */
  up(): Promise<void>;
  close(): Promise<void>;
}

const error = (status: number, type: string, title: string, detail: string) => ({
  traceID: randomUUID().replaceAll('-', ''),
  spanID: randomUUID().replaceAll('-', '').slice(0, 16),
  type: `/msg/${type}`,
  title,
  detail,
  status,
  instance: `/msg/${type}`,
});

/** A requestBody that is not JSON is refused by the DTO check (400), never a 500. */
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

interface Incoming {
  readonly operation: ForwardOperation;
  readonly idDoc: string | null;
  readonly body: unknown;
  readonly file: Buffer | null;
}

const PUBLICATIONS: ReadonlySet<ForwardOperation> = new Set([
  'create',
  'validate-and-create',
  'replace',
  'validate-and-replace',
]);

const SCHEMAS: Record<ForwardOperation, TSchema | null> = {
  create: dto.PublicationCreationReqDTO,
  'validate-and-create': dto.ValidateAndCreateDTO,
  replace: dto.PublicationUpdateReqDTO,
  'validate-and-replace': dto.ValidateAndReplaceDTO,
  delete: null,
  metadata: dto.PublicationMetadataReqDTO,
};

/**
 * A national FSE 2.0 Gateway for demos and tests (swagger_gtw.yaml): the publication, replace, delete and
 * metadata-update operations with their JWT headers, DTOs and error body, an idempotent receiver by the
 * FSE-JWT-Signature's jti, and controls to make it slow, fail with 5xx, hang, or go down for a set time.
 */
export async function startNationalSimulator(
  options: { port?: number; host?: string; capacityPerSecond?: number } = {},
) {
  const host = options.host ?? '127.0.0.1';
  const state = new SimState();
  const capacity = new CapacityLimit(options.capacityPerSecond ?? 0);
  const chaos: SimChaos = { latencyMs: 0, failNext: 0, hangNext: 0 };
  const hanging = new Set<() => void>();
  const inflight = new Map<string, Promise<Received>>();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });

  function apply(key: string, input: Incoming): Received {
    const fail = (status: number, type: string, title: string, detail: string, doc: string): Received => ({
      key,
      operation: input.operation,
      identificativoDoc: doc,
      status,
      body: error(status, type, title, detail),
    });
    const schema = SCHEMAS[input.operation];
    const body = (input.body ?? {}) as Record<string, unknown>;
    const newDoc = typeof body.identificativoDoc === 'string' ? body.identificativoDoc : null;
    const concerned = newDoc ?? input.idDoc ?? '';
    if (schema !== null && !Value.Check(schema, body))
      return fail(400, 'invalid-format', 'Formato non valido', 'requestBody non conforme al DTO', concerned);
    if (state.refusals.has(concerned) || (input.idDoc !== null && state.refusals.has(input.idDoc)))
      return fail(
        400,
        'mandatory-element',
        'Campo obbligatorio mancante',
        `Documento ${concerned} rifiutato`,
        concerned,
      );
    const target = input.idDoc === null ? undefined : state.documents.get(input.idDoc);
    if (input.idDoc !== null && target?.status !== 'current')
      return fail(404, 'record-not-found', 'Record non trovato', `Documento ${input.idDoc} non presente`, concerned);
    if (newDoc !== null && state.documents.get(newDoc)?.status === 'current')
      return fail(409, 'document-exists', 'Documento esistente', `Documento ${newDoc} già presente`, concerned);
    const workflowInstanceId = target?.workflowInstanceId ?? state.nextWorkflowId();
    if (input.operation === 'delete' && target) target.status = 'deleted';
    if (input.operation === 'metadata' && target) target.metadataUpdates += 1;
    if (newDoc !== null) {
      if (target) target.status = 'replaced';
      state.documents.set(newDoc, { status: 'current', workflowInstanceId, metadataUpdates: 0 });
    }
    const status = input.operation === 'delete' || input.operation === 'metadata' ? 200 : 202;
    const ids = { traceID: randomUUID().replaceAll('-', ''), spanID: randomUUID().slice(0, 8) };
    return {
      key,
      operation: input.operation,
      identificativoDoc: concerned,
      status,
      body: { ...ids, workflowInstanceId },
    };
  }

  async function handle(request: FastifyRequest, reply: FastifyReply, input: () => Promise<Incoming>) {
    // The traffic policy in front of the Gateway: an excess request is refused before any work.
    const waitMs = capacity.take();
    if (waitMs > 0) {
      state.throttled += 1;
      const detail = `oltre ${String(capacity.perSecond)} richieste al secondo`;
      return reply
        .status(429)
        .header('retry-after', String(retryAfterSeconds(waitMs)))
        .type('application/problem+json')
        .send(error(429, 'too-many-requests', 'Too Many Requests', detail));
    }
    if (chaos.hangNext > 0) {
      chaos.hangNext -= 1;
      await new Promise<void>((resolve) => hanging.add(resolve));
      return reply.status(503).send(error(503, 'service-unavailable', 'Servizio non disponibile', 'chiuso'));
    }
    if (chaos.failNext > 0) {
      chaos.failNext -= 1;
      return reply.status(503).send(error(503, 'service-unavailable', 'Servizio non disponibile', 'simulato'));
    }
    const bearer = request.headers.authorization;
    const signature = request.headers['fse-jwt-signature'];
    let jti: unknown;
    try {
      if (typeof bearer !== 'string' || !bearer.startsWith('Bearer ')) throw new Error('no bearer');
      decodeJwt(bearer.slice('Bearer '.length));
      jti = decodeJwt(typeof signature === 'string' ? signature : '').jti;
    } catch {
      return reply.status(403).send(error(403, 'jwt', 'Token jwt mancante o non valido', 'JWT mancante o illeggibile'));
    }
    if (typeof jti !== 'string' || jti === '')
      return reply.status(403).send(error(403, 'jwt', 'Token jwt mancante o non valido', 'claim jti mancante'));
    // A resend while the first is still being handled (a caller that timed out) waits for the first's answer.
    const first = state.answered(jti) ?? (await inflight.get(jti));
    if (first !== undefined) {
      state.countDuplicate(jti);
      return reply.status(first.status).header('fse-duplicate', 'true').send(first.body);
    }
    const handled = (async (): Promise<Received> => {
      const incoming = await input();
      const hash = decodeJwt(String(signature)).attachment_hash;
      const fileSha256 = incoming.file === null ? null : createHash('sha256').update(incoming.file).digest('hex');
      const refused = (type: string, title: string, detail: string): Received => ({
        key: jti,
        operation: incoming.operation,
        identificativoDoc: '',
        status: 400,
        body: error(400, type, title, detail),
        fileSha256,
      });
      // A publication or replacement without its PDF is refused, as the national Gateway does (the file is required).
      if (fileSha256 === null && PUBLICATIONS.has(incoming.operation))
        return refused('mandatory-element', 'Campo obbligatorio mancante', 'file mancante');
      if (fileSha256 !== null && hash !== fileSha256)
        return refused('jwt-hash-match', 'Hash non corrispondente', 'attachment_hash diverso dal file');
      return { ...apply(jti, incoming), fileSha256 };
    })();
    inflight.set(jti, handled);
    try {
      const received = await handled;
      state.remember(received);
      // Slow after the work, as a loaded Gateway: a caller that gives up meanwhile was served all the same.
      if (chaos.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, chaos.latencyMs));
      return await reply.status(received.status).send(received.body);
    } finally {
      inflight.delete(jti);
    }
  }

  const multipart = async (request: FastifyRequest) => {
    let body: unknown = null;
    let file: Buffer | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') file = await part.toBuffer();
      else if (part.fieldname === 'requestBody') body = parseJson(String(part.value));
    }
    return { body, file };
  };
  type WithId = FastifyRequest<{ Params: { idDoc: string } }>;
  const publication = (operation: ForwardOperation) => (request: FastifyRequest, reply: FastifyReply) =>
    handle(request, reply, async () => ({ operation, idDoc: null, ...(await multipart(request)) }));
  const replacement = (operation: ForwardOperation) => (request: WithId, reply: FastifyReply) =>
    handle(request, reply, async () => ({ operation, idDoc: request.params.idDoc, ...(await multipart(request)) }));

  app.post('/v1/documents', publication('create'));
  app.post('/v1/documents/validate-and-create', publication('validate-and-create'));
  app.put('/v1/documents/:idDoc', replacement('replace'));
  app.put('/v1/documents/validate-and-replace/:idDoc', replacement('validate-and-replace'));
  app.delete('/v1/documents/:idDoc', (request: WithId, reply) =>
    handle(request, reply, () =>
      Promise.resolve({ operation: 'delete' as const, idDoc: request.params.idDoc, body: null, file: null }),
    ),
  );
  app.put('/v1/documents/:idDoc/metadata-iti-57', (request: WithId, reply) =>
    handle(request, reply, () =>
      Promise.resolve({ operation: 'metadata' as const, idDoc: request.params.idDoc, body: request.body, file: null }),
    ),
  );
  registerSimControl(app, { state, chaos, capacity, downFor: (ms) => sim.downFor(ms) });

  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let down: NodeJS.Timeout | null = null;
  let listening = true;
  const relisten = () =>
    new Promise<void>((resolve) => {
      if (listening) {
        resolve();
        return;
      }
      listening = true;
      app.server.listen(port, host, resolve);
    });
  const sim: NationalSimulator = {
    url: `http://${host}:${port}/v1`,
    port,
    state,
    chaos,
    capacity,
    async downFor(ms) {
      if (down !== null) clearTimeout(down);
      down = setTimeout(() => {
        down = null;
        void relisten();
      }, ms);
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => {
        app.server.close(() => {
          resolve();
        });
      });
      app.server.closeAllConnections();
      await closed;
    },
    async up() {
      if (down !== null) clearTimeout(down);
      down = null;
      await relisten();
    },
    async close() {
      for (const release of hanging) release();
      await sim.up();
      await app.close();
    },
  };
  return sim;
}

/** POST /sim/control and GET /sim/stats: the demo's knobs, on the simulator's own loopback port. */
function registerSimControl(
  app: FastifyInstance,
  sim: { state: SimState; chaos: SimChaos; capacity: CapacityLimit; downFor(ms: number): Promise<void> },
): void {
  const view = () => ({ ...sim.state.summary(), chaos: sim.chaos, capacityPerSecond: sim.capacity.perSecond });
  app.get('/sim/stats', view);
  app.post('/sim/control', async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Partial<SimChaos> & {
      downForMs?: number;
      refuse?: unknown[];
      accept?: unknown[];
      capacityPerSecond?: number;
    };
    const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
    sim.chaos.latencyMs = count(body.latencyMs) ?? sim.chaos.latencyMs;
    sim.chaos.failNext = count(body.failNext) ?? sim.chaos.failNext;
    sim.chaos.hangNext = count(body.hangNext) ?? sim.chaos.hangNext;
    const capacity = count(body.capacityPerSecond);
    if (capacity !== undefined) sim.capacity.perSecond = capacity;
    for (const id of Array.isArray(body.refuse) ? body.refuse : []) sim.state.refusals.add(String(id));
    // The national side's fix (its configuration corrected): these documents are refused no more.
    for (const id of Array.isArray(body.accept) ? body.accept : []) sim.state.refusals.delete(String(id));
    const downFor = count(body.downForMs);
    // Answer first: once down, this very connection is gone.
    if (downFor !== undefined && downFor > 0) setTimeout(() => void sim.downFor(downFor), 50);
    return reply.send(view());
  });
}
