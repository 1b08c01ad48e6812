/**
 * The FHIR conversion made where the CDA was already parsed: on the validation thread, on the DOM the validation
 * built (ADR 0027). The event loop then neither parses the CDA a second time (3.6 ms) nor converts it (1.9 ms); it
 * receives the Bundle with the validation result (a structured clone). The conversion's outcome is data, as it crosses
 * a thread: a conversion that throws is "conversion_error" here, as the derive step records it on the event loop.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { Element } from './cda-dom.ts';
import { convertCdaElement } from './convert.ts';

export interface ConversionRequest {
  /** The id the document will be filed under: every derived resource links to it and derives its id from it. */
  readonly documentReferenceId: string;
  /** Bundle.timestamp; the converting thread's clock when absent. */
  readonly now?: Date;
}

export type PreparedConversion =
  | {
      readonly ok: true;
      readonly documentReferenceId: string;
      readonly bundle: Bundle;
      readonly documentType: string | null;
    }
  | { readonly ok: false; readonly documentReferenceId: string; readonly reason: 'not_cda' | 'conversion_error' };

export function prepareConversion(root: Element, bytes: Uint8Array, request: ConversionRequest): PreparedConversion {
  const { documentReferenceId } = request;
  try {
    const result = convertCdaElement(root, bytes, {
      documentReferenceId,
      ...(request.now === undefined ? {} : { now: request.now }),
    });
    if (!result.ok) return { ok: false, documentReferenceId, reason: 'not_cda' };
    return { ok: true, documentReferenceId, bundle: result.bundle, documentType: result.documentType };
  } catch {
    return { ok: false, documentReferenceId, reason: 'conversion_error' };
  }
}
