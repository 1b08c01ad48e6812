/**
 * The Green Pass routes that need a caller: holders list and download theirs, a
 * pharmacist records a rapid test and prints its certificate, a region operator
 * revokes. The role is the route's policy; the relationship to the certificate is
 * the service's check (access.ts).
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { rolesAccess } from '../http/policy.ts';
import type { TypedApp } from '../http/types.ts';
import { forbidden } from '../shared/errors.ts';
import type { CitizenPrincipal, OperatorPrincipal, Principal } from '../shared/principal.ts';
import type { CertificateAccess, Download } from './access.ts';
import type { CertificatesFromEvents } from './from-events.ts';
import type { RapidTestDevices } from './rapid-test-devices.ts';
import * as S from './schemas.ts';

export type HolderRoutesDeps = {
  access: CertificateAccess;
  fromEvents: CertificatesFromEvents;
  devices: RapidTestDevices;
};

const tags = { tags: ['certificates'] };
const citizen = (p: Principal | null): CitizenPrincipal => {
  if (p?.kind !== 'citizen') throw forbidden('auth.role', 'Only citizens can do this.');
  return p;
};
const operator = (p: Principal | null, role: OperatorPrincipal['role']): OperatorPrincipal => {
  if (p?.kind !== 'operator' || p.role !== role) throw forbidden('auth.role', `Only the ${role} role can do this.`);
  return p;
};

const FILES: Readonly<Record<Download, { type: string; extension: string }>> = {
  qr: { type: 'image/png', extension: 'png' },
  pdf: { type: 'application/pdf', extension: 'pdf' },
};

function sendFile(reply: FastifyReply, what: Download, name: string, bytes: Uint8Array, download: boolean | undefined) {
  const file = FILES[what];
  return reply
    .type(file.type)
    .header(
      'content-disposition',
      `${download === true ? 'attachment' : 'inline'}; filename="${name}.${file.extension}"`,
    )
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(bytes));
}

/** "URN:UVCI:01:IT:ABC…#Q" → "certificazione-verde-ABC…": a file name without ':' or '#'. */
const fileName = (uvci: string): string =>
  `certificazione-verde-${(uvci.split(':').pop() ?? 'dcc').replace(/#.*/, '')}`;

export function registerHolderRoutes(app: TypedApp, deps: HolderRoutesDeps): void {
  const asCitizen = { config: { policy: rolesAccess('citizen') } };
  const asPharmacist = { config: { policy: rolesAccess('pharmacist') } };

  // The holder, or a delegate acting for them
  app.get(
    '/api/me/certificates',
    {
      ...asCitizen,
      schema: {
        ...tags,
        summary: 'My unexpired Green Pass certificates, newest first',
        response: { 200: Type.Array(S.CertificateSummary) },
      },
    },
    (r) => deps.access.mine(citizen(r.principal), r.id),
  );
  for (const what of ['qr', 'pdf'] as const) {
    const path = what === 'qr' ? 'qr.png' : 'certificate.pdf';
    app.get(
      `/api/me/certificates/:uvci/${path}`,
      {
        ...asCitizen,
        schema: {
          ...tags,
          summary:
            what === 'qr' ? 'The QR code (PNG, error correction Q)' : 'The certificate, Italian and English (PDF)',
          params: S.UvciParam,
          querystring: S.DownloadQuery,
        },
      },
      async (r, reply) =>
        sendFile(
          reply,
          what,
          fileName(r.params.uvci),
          await deps.access.holderDownload(citizen(r.principal), r.params.uvci, what, r.id),
          r.query.download,
        ),
    );
  }

  // The pharmacy counter
  app.get(
    '/api/pharmacy/rapid-test-devices',
    {
      ...asPharmacist,
      schema: {
        ...tags,
        summary: 'Rapid antigen tests that can be certified (EU device list)',
        response: { 200: Type.Array(S.RapidTestDevice) },
      },
    },
    () => [...deps.devices.list],
  );
  app.post(
    '/api/pharmacy/rapid-tests',
    {
      ...asPharmacist,
      schema: {
        ...tags,
        summary: 'Record a rapid antigen test; a negative one gets its certificate at once',
        body: S.RapidTestBody,
        response: { 201: S.RapidTestResult },
      },
    },
    async (r, reply) => {
      const outcome = await deps.fromEvents.recordRapidTest(operator(r.principal, 'pharmacist'), r.body, r.id);
      const c = outcome.certificate;
      return reply.status(201).send({
        testId: outcome.testId,
        result: outcome.result,
        certificate:
          c === null
            ? null
            : { uvci: c.uvci, issuedAt: c.issuedAt.toISOString(), expiresAt: c.expiresAt.toISOString(), hc1: c.hc1 },
      });
    },
  );
  for (const what of ['qr', 'pdf'] as const) {
    const path = what === 'qr' ? 'qr.png' : 'certificate.pdf';
    app.get(
      `/api/pharmacy/rapid-tests/:id/${path}`,
      {
        ...asPharmacist,
        schema: {
          ...tags,
          summary: 'The certificate of a test I recorded today, to print at the counter',
          params: S.TestIdParam,
          querystring: S.DownloadQuery,
        },
      },
      async (r, reply) =>
        sendFile(
          reply,
          what,
          `certificazione-verde-test-${r.params.id}`,
          await deps.access.counterDownload(operator(r.principal, 'pharmacist'), r.params.id, what, r.id),
          r.query.download,
        ),
    );
  }

  // The region
  app.post(
    '/api/region/certificates/revocations',
    {
      config: { policy: rolesAccess('region') },
      schema: {
        ...tags,
        summary: 'Revoke a certificate Salus issued (idempotent: the first revocation stands)',
        body: S.RevokeBody,
        response: { 200: S.RevokeResult },
      },
    },
    async (r) => {
      const { revocation, alreadyRevoked } = await deps.access.revoke(
        operator(r.principal, 'region'),
        r.body.uvci,
        r.body.reason,
        r.id,
      );
      return {
        uvci: revocation.uvci,
        reason: revocation.reason,
        revokedAt: revocation.revokedAt.toISOString(),
        alreadyRevoked,
      };
    },
  );
}
