import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import type { TypeSpec } from '../resources/spec.ts';
import type { ParamKind } from '../search/model.ts';

const FHIR_TYPE: Readonly<Record<ParamKind, CapabilityStatementRestResourceSearchParam['type']>> = {
  token: 'token',
  code: 'token',
  date: 'date',
  period: 'date',
  string: 'string',
  reference: 'reference',
  patient: 'reference',
  'patient-identifier': 'token',
  id: 'token',
};

const CORE = 'http://hl7.org/fhir/SearchParameter';

function resource(spec: TypeSpec): CapabilityStatementRestResource {
  const params = spec.params.map((p): CapabilityStatementRestResourceSearchParam => ({
    name: p.code,
    type: FHIR_TYPE[p.kind],
    definition:
      p.definition ??
      (p.code.startsWith('_')
        ? `${CORE}/Resource-${p.code.slice(1)}`
        : `${CORE}/${spec.type}-${p.code.replace('.', '-')}`),
    documentation: p.documentation,
  }));
  return {
    type: spec.type,
    profile: `http://hl7.org/fhir/StructureDefinition/${spec.type}`,
    documentation: spec.documentation,
    interaction: spec.interactions.map((code) => ({ code })),
    versioning: spec.kind === 'stored' ? 'versioned-update' : 'no-version',
    readHistory: spec.interactions.includes('vread'),
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    ...(spec.interactions.includes('search-type')
      ? {
          searchInclude: spec.includes.map((i) => i.code),
          searchParam: params,
        }
      : {}),
  };
}

/**
 * The CapabilityStatement, built from the same type specifications that drive the
 * routes, the parser and the SQL: it lists exactly the interactions, parameters and
 * includes that are implemented.
 */
export function capabilityStatement(specs: readonly TypeSpec[], base: string, version: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    id: 'salus-fse',
    url: `${base}/metadata`,
    name: 'SalusFSE',
    title: 'Salus FSE: FHIR R4 document registry and repository (IHE MHD Document Recipient and Responder)',
    status: 'active',
    date: '2026-01-01',
    publisher: 'Salus',
    kind: 'instance',
    instantiates: [
      'https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient',
      'https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentResponder',
    ],
    software: { name: 'Salus', version },
    implementation: { description: 'Salus FSE', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search is strict: an unknown parameter is a 400 unless the request carries "Prefer: handling=lenient". ' +
          'Paging uses opaque next links; _total=accurate counts every match ' +
          '(by default totals are given up to 10,000).',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'OAuth',
                  display: 'OAuth',
                },
              ],
              text:
                'Citizens and operators: session from OpenID Connect login (SPID/CIE). ' +
                'Facility systems: OAuth2 client credentials bearer JWT with scopes fse:read and fse:write.',
            },
          ],
          description:
            'Access is decided in every query: citizens see their own record ' +
            'and those of people who delegated to them; ' +
            'GPs see their patients who granted consultation consent; ' +
            'pharmacists a prescription by codice fiscale and NRE; facilities what they published. ' +
            'Documents hidden by the citizen do not exist for anyone else. ' +
            'Every read is recorded as an AuditEvent the citizen can read.',
        },
        resource: specs.map(resource),
        interaction: [
          {
            code: 'transaction',
            documentation: 'IHE MHD ITI-65 Provide Document Bundle (facility systems with fse:write)',
          },
        ],
      },
    ],
  };
}
