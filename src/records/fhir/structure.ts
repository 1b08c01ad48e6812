/**
 * The FHIR R4 structure of the resources Salus accepts, as data: every element with
 * its type and cardinality, transcribed from the R4 StructureDefinitions (4.0.1).
 * Notation: "T" is 0..1, "T!" 1..1, "T[]" 0..*, "T[]!" 1..*; a choice element
 * "value[x]" lists its types with "|". "*" is an element whose content is accepted
 * without a deeper check (rarely used complex types). Anything not listed is refused.
 */
export type Struct = Readonly<Record<string, string>>;

const OBSERVATION_VALUE = 'Quantity|CodeableConcept|string|boolean|integer|Range|Ratio|SampledData|time|dateTime|Period';

export const DATATYPES: Readonly<Record<string, Struct>> = {
  Coding: { system: 'uri', version: 'string', code: 'code', display: 'string', userSelected: 'boolean' },
  CodeableConcept: { coding: 'Coding[]', text: 'string' },
  Identifier: { use: 'code', type: 'CodeableConcept', system: 'uri', value: 'string', period: 'Period', assigner: 'Reference' },
  Reference: { reference: 'string', type: 'uri', identifier: 'Identifier', display: 'string' },
  Period: { start: 'dateTime', end: 'dateTime' },
  Attachment: { contentType: 'code', language: 'code', data: 'base64Binary', url: 'url', size: 'unsignedInt', hash: 'base64Binary', title: 'string', creation: 'dateTime' },
  Annotation: { 'author[x]': 'Reference|string', time: 'dateTime', text: 'markdown!' },
  HumanName: { use: 'code', text: 'string', family: 'string', given: 'string[]', prefix: 'string[]', suffix: 'string[]', period: 'Period' },
  ContactPoint: { system: 'code', value: 'string', use: 'code', rank: 'positiveInt', period: 'Period' },
  Address: { use: 'code', type: 'code', text: 'string', line: 'string[]', city: 'string', district: 'string', state: 'string', postalCode: 'string', country: 'string', period: 'Period' },
  Quantity: { value: 'decimal', comparator: 'code', unit: 'string', system: 'uri', code: 'code' },
  Range: { low: 'Quantity', high: 'Quantity' },
  Ratio: { numerator: 'Quantity', denominator: 'Quantity' },
  Meta: { versionId: 'id', lastUpdated: 'instant', source: 'uri', profile: 'canonical[]', security: 'Coding[]', tag: 'Coding[]' },
  Narrative: { status: 'code!', div: 'xhtml!' },
  Timing: { event: 'dateTime[]', repeat: '*', code: 'CodeableConcept' },
  Dosage: {
    sequence: 'integer', text: 'string', additionalInstruction: 'CodeableConcept[]', patientInstruction: 'string', timing: 'Timing',
    'asNeeded[x]': 'boolean|CodeableConcept', site: 'CodeableConcept', route: 'CodeableConcept', method: 'CodeableConcept',
    doseAndRate: 'DoseAndRate[]', maxDosePerPeriod: 'Ratio', maxDosePerAdministration: 'Quantity', maxDosePerLifetime: 'Quantity',
  },
  DoseAndRate: { type: 'CodeableConcept', 'dose[x]': 'Range|Quantity', 'rate[x]': 'Ratio|Range|Quantity' },
  ReferenceRange: { low: 'Quantity', high: 'Quantity', type: 'CodeableConcept', appliesTo: 'CodeableConcept[]', age: 'Range', text: 'string' },
  // Backbone elements, named Type.element
  'DocumentReference.relatesTo': { code: 'code!', target: 'Reference!' },
  'DocumentReference.content': { attachment: 'Attachment!', format: 'Coding' },
  'DocumentReference.context': {
    encounter: 'Reference[]', event: 'CodeableConcept[]', period: 'Period', facilityType: 'CodeableConcept',
    practiceSetting: 'CodeableConcept', sourcePatientInfo: 'Reference', related: 'Reference[]',
  },
  'List.entry': { flag: 'CodeableConcept', deleted: 'boolean', date: 'dateTime', item: 'Reference!' },
  'Consent.policy': { authority: 'uri', uri: 'uri' },
  'Consent.verification': { verified: 'boolean!', verifiedWith: 'Reference', verificationDate: 'dateTime' },
  'Consent.provision': {
    type: 'code', period: 'Period', actor: 'Consent.actor[]', action: 'CodeableConcept[]', securityLabel: 'Coding[]', purpose: 'Coding[]',
    class: 'Coding[]', code: 'CodeableConcept[]', dataPeriod: 'Period', data: 'Consent.data[]', provision: 'Consent.provision[]',
  },
  'Consent.actor': { role: 'CodeableConcept!', reference: 'Reference!' },
  'Consent.data': { meaning: 'code!', reference: 'Reference!' },
  'Observation.component': {
    code: 'CodeableConcept!', 'value[x]': OBSERVATION_VALUE, dataAbsentReason: 'CodeableConcept', interpretation: 'CodeableConcept[]', referenceRange: 'ReferenceRange[]',
  },
  'MedicationRequest.dispenseRequest': {
    initialFill: '*', dispenseInterval: 'Quantity', validityPeriod: 'Period', numberOfRepeatsAllowed: 'unsignedInt',
    quantity: 'Quantity', expectedSupplyDuration: 'Quantity', performer: 'Reference',
  },
  'MedicationRequest.substitution': { 'allowed[x]': 'boolean|CodeableConcept', reason: 'CodeableConcept' },
  'MedicationDispense.performer': { function: 'CodeableConcept', actor: 'Reference!' },
  'MedicationDispense.substitution': { wasSubstituted: 'boolean!', type: 'CodeableConcept', reason: 'CodeableConcept[]', responsibleParty: 'Reference[]' },
  'Bundle.link': { relation: 'string!', url: 'uri!' },
  'Bundle.entry': { link: 'Bundle.link[]', fullUrl: 'uri', resource: 'Resource', search: '*', request: 'Bundle.request', response: '*' },
  'Bundle.request': { method: 'code!', url: 'uri!', ifNoneMatch: 'string', ifModifiedSince: 'instant', ifMatch: 'string', ifNoneExist: 'string' },
};

const RESOURCE_BASE: Struct = { id: 'id', meta: 'Meta', implicitRules: 'uri', language: 'code' };
const DOMAIN_BASE: Struct = { ...RESOURCE_BASE, text: 'Narrative', contained: 'Resource[]', extension: 'Extension[]', modifierExtension: 'Extension[]' };

export const RESOURCES: Readonly<Record<string, Struct>> = {
  DocumentReference: {
    ...DOMAIN_BASE,
    masterIdentifier: 'Identifier', identifier: 'Identifier[]', status: 'code!', docStatus: 'code', type: 'CodeableConcept',
    category: 'CodeableConcept[]', subject: 'Reference', date: 'instant', author: 'Reference[]', authenticator: 'Reference',
    custodian: 'Reference', relatesTo: 'DocumentReference.relatesTo[]', description: 'string', securityLabel: 'CodeableConcept[]',
    content: 'DocumentReference.content[]!', context: 'DocumentReference.context',
  },
  Binary: { ...RESOURCE_BASE, contentType: 'code!', securityContext: 'Reference', data: 'base64Binary' },
  List: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', status: 'code!', mode: 'code!', title: 'string', code: 'CodeableConcept', subject: 'Reference',
    encounter: 'Reference', date: 'dateTime', source: 'Reference', orderedBy: 'CodeableConcept', note: 'Annotation[]',
    entry: 'List.entry[]', emptyReason: 'CodeableConcept',
  },
  Consent: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', status: 'code!', scope: 'CodeableConcept!', category: 'CodeableConcept[]!', patient: 'Reference',
    dateTime: 'dateTime', performer: 'Reference[]', organization: 'Reference[]', 'source[x]': 'Attachment|Reference',
    policy: 'Consent.policy[]', policyRule: 'CodeableConcept', verification: 'Consent.verification[]', provision: 'Consent.provision',
  },
  Observation: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', basedOn: 'Reference[]', partOf: 'Reference[]', status: 'code!', category: 'CodeableConcept[]',
    code: 'CodeableConcept!', subject: 'Reference', focus: 'Reference[]', encounter: 'Reference', 'effective[x]': 'dateTime|Period|Timing|instant',
    issued: 'instant', performer: 'Reference[]', 'value[x]': OBSERVATION_VALUE, dataAbsentReason: 'CodeableConcept',
    interpretation: 'CodeableConcept[]', note: 'Annotation[]', bodySite: 'CodeableConcept', method: 'CodeableConcept', specimen: 'Reference',
    device: 'Reference', referenceRange: 'ReferenceRange[]', hasMember: 'Reference[]', derivedFrom: 'Reference[]', component: 'Observation.component[]',
  },
  MedicationRequest: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', status: 'code!', statusReason: 'CodeableConcept', intent: 'code!', category: 'CodeableConcept[]',
    priority: 'code', doNotPerform: 'boolean', 'reported[x]': 'boolean|Reference', 'medication[x]': 'CodeableConcept|Reference!',
    subject: 'Reference!', encounter: 'Reference', supportingInformation: 'Reference[]', authoredOn: 'dateTime', requester: 'Reference',
    performer: 'Reference', performerType: 'CodeableConcept', recorder: 'Reference', reasonCode: 'CodeableConcept[]',
    reasonReference: 'Reference[]', instantiatesCanonical: 'canonical[]', instantiatesUri: 'uri[]', basedOn: 'Reference[]',
    groupIdentifier: 'Identifier', courseOfTherapyType: 'CodeableConcept', insurance: 'Reference[]', note: 'Annotation[]',
    dosageInstruction: 'Dosage[]', dispenseRequest: 'MedicationRequest.dispenseRequest', substitution: 'MedicationRequest.substitution',
    priorPrescription: 'Reference', detectedIssue: 'Reference[]', eventHistory: 'Reference[]',
  },
  MedicationDispense: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', partOf: 'Reference[]', status: 'code!', 'statusReason[x]': 'CodeableConcept|Reference', category: 'CodeableConcept',
    'medication[x]': 'CodeableConcept|Reference!', subject: 'Reference', context: 'Reference', supportingInformation: 'Reference[]',
    performer: 'MedicationDispense.performer[]', location: 'Reference', authorizingPrescription: 'Reference[]', type: 'CodeableConcept',
    quantity: 'Quantity', daysSupply: 'Quantity', whenPrepared: 'dateTime', whenHandedOver: 'dateTime', destination: 'Reference',
    receiver: 'Reference[]', note: 'Annotation[]', dosageInstruction: 'Dosage[]', substitution: 'MedicationDispense.substitution',
    detectedIssue: 'Reference[]', eventHistory: 'Reference[]',
  },
  Practitioner: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', active: 'boolean', name: 'HumanName[]', telecom: 'ContactPoint[]', address: 'Address[]', gender: 'code',
    birthDate: 'date', photo: 'Attachment[]', qualification: '*[]', communication: 'CodeableConcept[]',
  },
  Organization: {
    ...DOMAIN_BASE,
    identifier: 'Identifier[]', active: 'boolean', type: 'CodeableConcept[]', name: 'string', alias: 'string[]', telecom: 'ContactPoint[]',
    address: 'Address[]', partOf: 'Reference', contact: '*[]', endpoint: 'Reference[]',
  },
  Bundle: {
    ...RESOURCE_BASE,
    identifier: 'Identifier', type: 'code!', timestamp: 'instant', total: 'unsignedInt', link: 'Bundle.link[]', entry: 'Bundle.entry[]', signature: '*',
  },
};
