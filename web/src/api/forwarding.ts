// Forwarding to the national Gateway (src/fse2/forward): the dashboard's section and the region's refused forwards.
import { array, boolean, nullable, number, object, oneOf, string, type Decoded } from './decode.ts';

export const nationalForwardingSection = object({
  slaSeconds: number,
  backlog: number,
  refused: number,
  overSla: number,
  oldest: nullable(object({ acceptedAt: string, ageSeconds: number })),
  failuresByCause: array(object({ cause: string, items: number, tries: number })),
  /** Counts of CDA2 → FHIR conversion failures by document type; null until the installation reports them. */
  conversionFailures: nullable(object({ byType: array(object({ type: string, failures: number })) })),
});
export type NationalForwardingSection = Decoded<typeof nationalForwardingSection>;

const refusal = object({
  id: string,
  attempts: number,
  identificativoDoc: string,
  operation: string,
  documentType: nullable(string),
  hl7Type: nullable(string),
  facility: nullable(string),
  facilityId: nullable(string),
  acceptedAt: string,
  nationalError: object({
    status: nullable(number),
    type: nullable(string),
    title: nullable(string),
    detail: nullable(string),
  }),
});
export type Refusal = Decoded<typeof refusal>;
export const refusalList = object({ items: array(refusal) });

export const decisionResult = object({
  id: string,
  action: oneOf('resend', 'drop'),
  reason: nullable(string),
  resolvedAt: string,
  alreadyDone: boolean,
});
export type DecisionResult = Decoded<typeof decisionResult>;

export const refusedForwardsPath = '/api/region/fse2/refused-forwards';
