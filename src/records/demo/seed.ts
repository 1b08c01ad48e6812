import type { Observation } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { RecordsDatabase } from '../db-types.ts';
import { DEMO_CITIZENS } from '../../registry/index.ts';
import type { CitizenPrincipal, FacilityPrincipal, OperatorPrincipal } from '../../shared/principal.ts';
import { issueExemption } from '../api/exemptions.ts';
import { apiRepository } from '../api/repository.ts';
import { SYSTEMS } from '../fhir/codes.ts';
import { provideBundle } from '../mhd/build.ts';
import { parseProvideBundle } from '../mhd/provide-parse.ts';
import type { Publish } from '../mhd/publish.ts';
import type { ConsentService } from '../service/consent.ts';
import type { ObservationService } from '../service/observations.ts';
import type { PrescriptionService } from '../service/prescriptions.ts';
import { DEMO_CONSENTS, DEMO_DOCUMENTS, DEMO_EXEMPTIONS, DEMO_PRESCRIPTIONS, type DemoDocument } from './content.ts';
import { renderReport } from './pdf.ts';
import { demoRepository } from './repository.ts';

export interface SeedDeps {
  readonly db: Kysely<RecordsDatabase>;
  readonly consent: ConsentService;
  readonly prescriptions: PrescriptionService;
  readonly observations: ObservationService;
  readonly publish: Publish;
  readonly now: () => Date;
}

const DEMO_DOC_SYSTEM = `${SYSTEMS.salus}/sid/demo-document`;
const SEED_REQUEST = 'records-demo-seed';

interface Person {
  id: number;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  birth_date: string;
}

async function demoPeople(db: Kysely<RecordsDatabase>): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  for (const c of DEMO_CITIZENS) {
    const row = await demoRepository.person(db, c);
    if (row !== undefined) people.set(c.username, row);
  }
  return people;
}

async function operator(db: Kysely<RecordsDatabase>, username: string): Promise<OperatorPrincipal | null> {
  const o = await demoRepository.operator(db, username);
  if (o === undefined) return null;
  return {
    kind: 'operator',
    operatorId: o.id,
    role: o.role,
    name: `${o.given_name} ${o.family_name}`,
    fiscalCode: o.fiscal_code,
    facilityId: o.facility_id,
    provinceCode: o.province_code,
    sessionHash: SEED_REQUEST,
  };
}

const citizenPrincipal = (p: Person): CitizenPrincipal => ({
  kind: 'citizen',
  citizenId: p.id,
  fiscalCode: p.fiscal_code,
  name: `${p.given_name} ${p.family_name}`,
  actingFor: null,
  sessionHash: SEED_REQUEST,
});

async function publishDocument(
  deps: SeedDeps,
  doc: DemoDocument,
  person: Person,
  facility: { id: number; name: string; code: string },
): Promise<boolean> {
  const master = `${DEMO_DOC_SYSTEM}|${doc.key}`;
  if (await demoRepository.documentExists(deps.db, master)) return false;
  const date = new Date(deps.now().getTime() - doc.daysAgo * 86_400_000).toISOString();
  const pdf = await renderReport({
    organisation: facility.name,
    title: doc.title,
    patient: {
      name: `${person.given_name} ${person.family_name}`,
      fiscalCode: person.fiscal_code,
      birthDate: person.birth_date,
    },
    date,
    facts: doc.facts,
    ...(doc.labs === undefined
      ? {}
      : {
          table: [
            ['Esame', 'Risultato', 'Unità', 'Valori di riferimento'],
            ...doc.labs.map((l) => [l.name, String(l.value), l.unit, l.range]),
          ],
        }),
    ...(doc.text === undefined ? {} : { paragraphs: doc.text }),
    signedBy: `Dott. ${doc.author.given} ${doc.author.family}`,
  });
  const bundle = provideBundle(
    { fiscalCode: person.fiscal_code },
    [
      {
        masterIdentifier: { system: DEMO_DOC_SYSTEM, value: doc.key },
        docClass: doc.docClass,
        description: doc.title,
        date,
        content: pdf,
        author: { prefix: 'Dott.', ...doc.author },
        organisation: facility.name,
      },
    ],
    { sourceId: `urn:salus:facility:${facility.code}` },
  );
  const principal: FacilityPrincipal = {
    kind: 'facility',
    clientId: `demo-seed-${facility.code}`,
    facilityId: facility.id,
    scopes: ['fse:write', 'fse:read'],
  };
  const result = await deps.publish(
    parseProvideBundle(bundle),
    { principal, facilityId: facility.id, operatorId: null },
    SEED_REQUEST,
  );
  const documentId = result.documentIds[0];
  if (doc.hidden === true && documentId !== undefined) await demoRepository.hide(deps.db, documentId);
  for (const lab of doc.labs ?? []) {
    const observation: Observation = {
      resourceType: 'Observation',
      identifier: [{ system: `${SYSTEMS.salus}/sid/demo-observation`, value: `${doc.key}-${lab.loinc}` }],
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
      ],
      code: { coding: [{ system: SYSTEMS.loinc, code: lab.loinc, display: lab.name }], text: lab.name },
      subject: { reference: `Patient/${person.id}` },
      effectiveDateTime: date,
      valueQuantity: { value: lab.value, unit: lab.unit, system: 'http://unitsofmeasure.org', code: lab.unit },
      referenceRange: [{ text: lab.range }],
      ...(documentId === undefined ? {} : { derivedFrom: [{ reference: `DocumentReference/${documentId}` }] }),
    };
    await deps.observations.create(
      principal,
      observation,
      `identifier=${SYSTEMS.salus}/sid/demo-observation|${doc.key}-${lab.loinc}`,
      SEED_REQUEST,
    );
  }
  return true;
}

/**
 * The demo record, published the way real data arrives: documents through ITI-65
 * from the demo hospital and lab, consents by the citizens, prescriptions and
 * exemptions by their GPs, one dispensing by the demo pharmacist. Idempotent: every
 * item has a stable key that a second run finds.
 */
export async function seedRecordsDemo(deps: SeedDeps): Promise<{ documents: number }> {
  const people = await demoPeople(deps.db);
  if (people.size === 0) return { documents: 0 };
  const facilities = new Map((await demoRepository.facilities(deps.db)).map((f) => [f.code, f]));
  let documents = 0;
  for (const doc of DEMO_DOCUMENTS) {
    const person = people.get(doc.owner);
    const facility = facilities.get(doc.facility);
    if (person !== undefined && facility !== undefined && (await publishDocument(deps, doc, person, facility)))
      documents++;
  }
  for (const username of DEMO_CONSENTS) {
    const person = people.get(username);
    if (person === undefined) continue;
    const principal = citizenPrincipal(person);
    if ((await deps.consent.view(principal)).id === null) await deps.consent.set(principal, true, SEED_REQUEST);
  }
  for (const rx of DEMO_PRESCRIPTIONS) {
    const person = people.get(rx.owner);
    const doctor = await operator(deps.db, rx.gp);
    if (person === undefined || doctor === null) continue;
    const { resource } = await deps.prescriptions.create(
      doctor,
      {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        identifier: [{ system: `${SYSTEMS.salus}/sid/demo-prescription`, value: rx.key }],
        medicationCodeableConcept: {
          coding: [{ system: SYSTEMS.aic, code: rx.aic, display: rx.display }],
          text: rx.display,
        },
        subject: { reference: `Patient/${person.id}` },
        dosageInstruction: [{ text: rx.dosage }],
        dispenseRequest: { quantity: { value: 1, unit: 'confezioni' } },
      },
      `identifier=${SYSTEMS.salus}/sid/demo-prescription|${rx.key}`,
      SEED_REQUEST,
    );
    const pharmacist = rx.dispensedBy === undefined ? null : await operator(deps.db, rx.dispensedBy);
    if (pharmacist !== null && (resource as { status?: string }).status === 'active') {
      await deps.prescriptions.dispense(
        pharmacist,
        {
          resourceType: 'MedicationDispense',
          status: 'completed',
          subject: { identifier: { system: SYSTEMS.fiscalCode, value: person.fiscal_code } },
          medicationCodeableConcept: { coding: [{ system: SYSTEMS.aic, code: rx.aic, display: rx.display }] },
          authorizingPrescription: [{ reference: `MedicationRequest/${resource.id ?? ''}` }],
        },
        SEED_REQUEST,
      );
    }
  }
  for (const ex of DEMO_EXEMPTIONS) {
    const person = people.get(ex.owner);
    const doctor = await operator(deps.db, ex.gp);
    if (person === undefined || doctor === null) continue;
    const validFrom = new Date(deps.now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    await issueExemption(
      { repo: apiRepository(deps.db), publish: deps.publish, now: deps.now },
      doctor,
      person.fiscal_code,
      { code: ex.code, display: ex.display, validFrom, idempotencyKey: ex.key },
      SEED_REQUEST,
    );
  }
  return { documents };
}
