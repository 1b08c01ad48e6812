import { randomUUID } from 'node:crypto';
import type { DocumentReference } from '@medplum/fhirtypes';
import { notFound } from '../../shared/errors.ts';
import type { OperatorPrincipal } from '../../shared/principal.ts';
import { renderReport } from '../demo/pdf.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import { provideBundle } from '../mhd/build.ts';
import { parseProvideBundle } from '../mhd/provide-parse.ts';
import type { Publish } from '../mhd/publish.ts';
import type { ApiRepository } from './repository.ts';

export interface ExemptionInput {
  /** Exemption code, e.g. "013" (diabetes, DM 329/1999) or "E01" (age and income). */
  readonly code: string;
  readonly display: string;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
  /** The same key twice issues one exemption (a retried click). */
  readonly idempotencyKey?: string | undefined;
}

/**
 * A GP issues an exemption: a signed-looking PDF certificate published as an FSE
 * document of class ESE through the very ITI-65 checks and transaction a facility's
 * feed goes through, with the GP as author. The exemption code travels in
 * context.event and its validity in context.period, where the citizen's page reads them.
 */
export async function issueExemption(
  deps: { repo: ApiRepository; publish: Publish; now: () => Date },
  doctor: OperatorPrincipal,
  fiscalCode: string,
  input: ExemptionInput,
  requestId: string,
): Promise<DocumentReference> {
  const patient = await deps.repo.gpPatient(doctor.operatorId, fiscalCode);
  if (patient === undefined) throw notFound('fse.patient_not_on_list', 'This person is not on your patient list.');
  const masterValue = input.idempotencyKey ?? randomUUID();
  const master = `${SYSTEMS.salus}/sid/exemption|${masterValue}`;
  // A retried click: the certificate's PDF would differ (its timestamp), so look the key up before rendering.
  const before = await deps.repo.publishedByMaster(doctor.operatorId, master);
  if (before !== undefined) return before as DocumentReference;
  const at = deps.now().toISOString();
  const [given = '', ...rest] = doctor.name.split(' ');
  const pdf = await renderReport({
    organisation: `Medicina generale - Dott. ${doctor.name}`,
    title: 'Certificato di esenzione dalla partecipazione alla spesa sanitaria',
    patient: { name: `${patient.given_name} ${patient.family_name}`, fiscalCode, birthDate: patient.birth_date },
    date: at,
    facts: [
      ['Codice esenzione', input.code],
      ['Descrizione', input.display],
      ['Valida dal', input.validFrom],
      ['Valida fino al', input.validTo ?? 'illimitata'],
    ],
    paragraphs: [
      'Si certifica che l’assistito ha diritto all’esenzione indicata, ' +
        'ai sensi della normativa vigente (DM 329/1999 e successive modifiche).',
    ],
    signedBy: `Dott. ${doctor.name} (${doctor.fiscalCode})`,
  });
  const bundle = provideBundle(
    { fiscalCode },
    [
      {
        masterIdentifier: { system: `${SYSTEMS.salus}/sid/exemption`, value: masterValue },
        docClass: 'ESE',
        description: `Esenzione ${input.code}: ${input.display}`,
        date: at,
        content: pdf,
        author: { prefix: 'Dott.', given, family: rest.join(' ') },
        event: [{ system: SYSTEMS.exemption, code: input.code, display: input.display }],
        period: { start: input.validFrom, ...(input.validTo === undefined ? {} : { end: input.validTo }) },
      },
    ],
    { sourceId: `${SYSTEMS.salus}/sid/gp/${doctor.fiscalCode}` },
  );
  const result = await deps.publish(
    parseProvideBundle(bundle),
    { principal: doctor, facilityId: null, operatorId: doctor.operatorId },
    requestId,
  );
  const id = result.documentIds[0] ?? '';
  return (await deps.repo.documentContent(id)) as DocumentReference;
}
