/**
 * Routes of the events from-results.ts certifies, and the retrieval by SMS code:
 * a lab's system posts a molecular result (client-credentials token), a GP
 * records a patient's recovery, and anyone with the code downloads the certificate
 * (public, rate-limited per address and per codice fiscale).
 */
import { publicAccess, rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { forbidden } from '../shared/errors.ts';
import type { FacilityPrincipal, OperatorPrincipal, Principal } from '../shared/principal.ts';
import type { CertificatesFromResults } from './from-results.ts';
import type { IssuedCertificate } from './issuance.ts';
import type { CertificateRetrieval } from './retrieval-service.ts';
import * as S from './schemas.ts';

export type ResultsRoutesDeps = {
  fromResults: CertificatesFromResults;
  retrieval: CertificateRetrieval;
  /** Spends a point of each key's budget; throws rate_limited (429) when one is exhausted. */
  limitRetrieval: (keys: readonly string[]) => Promise<void>;
};

const tags = { tags: ['certificates'] };
const facility = (p: Principal | null): FacilityPrincipal => {
  if (p?.kind !== 'facility') throw forbidden('auth.role', 'Only facility systems can do this.');
  return p;
};
const gp = (p: Principal | null): OperatorPrincipal => {
  if (p?.kind !== 'operator' || p.role !== 'gp') throw forbidden('auth.role', 'Only GPs can do this.');
  return p;
};
const issued = (c: IssuedCertificate) => ({
  uvci: c.uvci,
  issuedAt: c.issuedAt.toISOString(),
  expiresAt: c.expiresAt.toISOString(),
  hc1: c.hc1,
});

export function registerResultsRoutes(app: TypedApp, deps: ResultsRoutesDeps): void {
  app.post(
    '/api/lab/test-results',
    {
      config: { policy: rolesAccess('facility') },
      schema: {
        ...tags,
        summary: "A lab's molecular (PCR) result; not detected gets its test certificate at once",
        body: S.LabResultBody,
        response: { 201: S.LabResultResult },
      },
    },
    async (r, reply) => {
      const outcome = await deps.fromResults.recordLabResult(facility(r.principal), r.body, r.id);
      return reply.status(201).send({
        testId: outcome.testId,
        result: outcome.result,
        certificate: outcome.certificate === null ? null : issued(outcome.certificate),
      });
    },
  );

  app.post(
    '/api/gp/patients/:fiscalCode/recoveries',
    {
      config: { policy: rolesAccess('gp') },
      schema: {
        ...tags,
        summary:
          "Record a patient's recovery; the recovery certificate is issued at once " +
          '(idempotent per first positive test)',
        params: S.PatientParam,
        body: S.RecoveryBody,
        response: { 201: S.RecoveryResult },
      },
    },
    async (r, reply) => {
      const outcome = await deps.fromResults.recordRecovery(
        gp(r.principal),
        r.params.fiscalCode,
        r.body.firstPositiveDate,
        r.id,
      );
      return reply.status(201).send({ ...outcome, certificate: issued(outcome.certificate) });
    },
  );

  app.post(
    '/api/dcc/retrieve',
    {
      config: {
        policy: publicAccess(
          'the holder without SPID proves who they are with the health card and the code sent to their phone; ' +
            'rate-limited',
        ),
      },
      schema: {
        ...tags,
        summary: 'A certificate (summary, QR PNG and PDF) for codice fiscale + health card number + the SMS code',
        description:
          'Any mismatch is the same 404 problem. Limited per address and per codice fiscale (429 with Retry-After).',
        body: S.RetrievalBody,
        response: { 200: S.RetrievalResult },
      },
    },
    async (r, reply) => {
      await deps.limitRetrieval([`ip:${r.ip}`, `cf:${r.body.fiscalCode.replace(/\s+/g, '').toUpperCase()}`]);
      const { certificate, png, pdf } = await deps.retrieval.retrieve(r.body, r.id);
      return reply
        .header('cache-control', 'private, no-store')
        .send({ certificate, qrPng: png.toString('base64'), pdf: Buffer.from(pdf).toString('base64') });
    },
  );
}
