/** The CDA2 header → Patient, Practitioner, Organization, and the Composition's header fields. */
import type {
  Composition,
  CompositionAttester,
  Organization,
  Patient,
  Practitioner,
  Reference,
} from '@medplum/fhirtypes';
import { all, attr, child, kids, text, type Element } from './cda-dom.ts';
import type { Conversion } from './context.ts';
import {
  addresses,
  codeableConcept,
  contactPoints,
  date,
  dateTime,
  effective,
  humanName,
  identifier,
  identifiers,
} from './datatypes.ts';

const CONFIDENTIALITY = ['U', 'L', 'M', 'N', 'R', 'V'] as const;
const GENDER: Record<string, Patient['gender']> = { M: 'male', F: 'female', UN: 'other' };

function patient(conversion: Conversion, role: Element | undefined): Reference<Patient> {
  const person = child(role, 'patient');
  const name = humanName(child(person, 'name'));
  const gender = GENDER[attr(child(person, 'administrativeGenderCode'), 'code') ?? ''];
  const birthDate = date(attr(child(person, 'birthTime'), 'value'));
  const ids = identifiers(kids(role, 'id'));
  const homes = addresses(kids(role, 'addr'));
  const telecom = contactPoints(kids(role, 'telecom'));
  const resource: Patient & { id: string } = {
    resourceType: 'Patient',
    id: conversion.idFor('patient'),
    ...(ids.length > 0 && { identifier: ids }),
    ...(name && { name: [name] }),
    ...(telecom.length > 0 && { telecom }),
    ...(gender && { gender }),
    ...(birthDate && { birthDate }),
    ...(homes.length > 0 && { address: homes }),
  };
  return conversion.add(resource, 'patient');
}

/** An organization (custodian, represented or scoping), one resource per identifier. */
export function organization(conversion: Conversion, el: Element | undefined): Reference<Organization> | undefined {
  if (el === undefined) return undefined;
  const ids = identifiers(kids(el, 'id'));
  const name = kids(el, 'name')
    .map(text)
    .find((n) => n !== undefined);
  if (ids.length === 0 && name === undefined) return undefined;
  const key = `organization:${JSON.stringify(ids[0] ?? name)}`;
  const telecom = contactPoints(kids(el, 'telecom'));
  const addr = addresses(kids(el, 'addr'));
  const resource: Organization & { id: string } = {
    resourceType: 'Organization',
    id: conversion.idFor(key),
    ...(ids.length > 0 && { identifier: ids }),
    ...(name && { name }),
    ...(telecom.length > 0 && { telecom }),
    ...(addr.length > 0 && { address: addr }),
  };
  return conversion.add(resource, key);
}

/** The person of an assignedAuthor/assignedEntity, one resource per identifier (the same doctor often signs twice). */
export function practitioner(conversion: Conversion, entity: Element | undefined): Reference<Practitioner> | undefined {
  if (entity === undefined) return undefined;
  const ids = identifiers(kids(entity, 'id'));
  const name = humanName(child(entity, 'assignedPerson/name'));
  if (ids.length === 0 && name === undefined) return undefined;
  const key = `practitioner:${JSON.stringify(ids[0] ?? name)}`;
  const telecom = contactPoints(kids(entity, 'telecom'));
  const addr = addresses(kids(entity, 'addr'));
  const resource: Practitioner & { id: string } = {
    resourceType: 'Practitioner',
    id: conversion.idFor(key),
    ...(ids.length > 0 && { identifier: ids }),
    ...(name && { name: [name] }),
    ...(telecom.length > 0 && { telecom }),
    ...(addr.length > 0 && { address: addr }),
  };
  return conversion.add(resource, key);
}

function attester(conversion: Conversion, el: Element, mode: CompositionAttester['mode']): CompositionAttester {
  const party = practitioner(conversion, child(el, 'assignedEntity'));
  const time = dateTime(attr(child(el, 'time'), 'value'));
  return { mode, ...(time && { time }), ...(party && { party }) };
}

/** Composition's header fields; sections are added by the caller. */
export function compositionHeader(
  conversion: Conversion,
  root: Element,
  title: string,
  fallbackDate: string,
): Composition & { id: string } {
  conversion.patient = patient(conversion, child(root, 'recordTarget/patientRole'));
  const authors = all(root, 'author/assignedAuthor').map(
    (a) => practitioner(conversion, a) ?? organization(conversion, child(a, 'representedOrganization')),
  );
  const custodian = organization(
    conversion,
    child(root, 'custodian/assignedCustodian/representedCustodianOrganization'),
  );
  const author = authors.filter((a) => a !== undefined);
  // Composition.author is 1..*: a CDA whose author carries no identifier nor name is authored by its custodian.
  if (author.length === 0 && custodian !== undefined) author.push(custodian);
  const attesters = [
    ...kids(root, 'legalAuthenticator').map((el) => attester(conversion, el, 'legal')),
    ...kids(root, 'authenticator').map((el) => attester(conversion, el, 'professional')),
  ].filter((a) => a.party !== undefined || a.time !== undefined);
  const events = all(root, 'documentationOf/serviceEvent').flatMap((event) => {
    const code = codeableConcept(child(event, 'code'));
    const when = effective(child(event, 'effectiveTime'));
    const period = when.period ?? (when.dateTime === undefined ? undefined : { start: when.dateTime });
    return code === undefined && period === undefined
      ? []
      : [{ ...(code && { code: [code] }), ...(period && { period }) }];
  });
  const id = identifier(child(root, 'id'));
  const confidentiality = CONFIDENTIALITY.find((c) => c === attr(child(root, 'confidentialityCode'), 'code'));
  const language = attr(child(root, 'languageCode'), 'code');
  return {
    resourceType: 'Composition',
    id: conversion.idFor('composition'),
    ...(language && /^[a-z]{2}(-[A-Z]{2})?$/.test(language) && { language }),
    ...(id && { identifier: id }),
    status: 'final',
    type: codeableConcept(child(root, 'code')) ?? { text: title },
    subject: conversion.patient,
    // Composition.date is 1..1: a CDA without a readable effectiveTime is dated by its conversion.
    date: dateTime(attr(child(root, 'effectiveTime'), 'value')) ?? fallbackDate,
    author: author.length > 0 ? author : [{ display: 'unknown author' }],
    title,
    ...(confidentiality && { confidentiality }),
    ...(attesters.length > 0 && { attester: attesters }),
    ...(custodian && { custodian }),
    ...(events.length > 0 && { event: events }),
  };
}
