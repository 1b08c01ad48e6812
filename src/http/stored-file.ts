import type { FastifyReply } from 'fastify';

export interface StoredFile {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** Safe characters only: it goes into the Content-Disposition header as it is. */
  readonly filename: string;
}

/**
 * Serves bytes someone else wrote (a facility's clinical document) from Salus's own
 * origin, so that they can never act as a page of it (issue #16): `nosniff` keeps the
 * browser to the declared type, and everything is an attachment in a sandbox with no
 * script, no subresource and no same-origin access - except a PDF for the web app's
 * viewer, the one thing shown inline. The PDF gets no `sandbox` because Firefox refuses
 * to show a sandboxed PDF; a PDF's own JavaScript runs inside the browser's viewer,
 * never in our origin, and only our own pages may frame it.
 */
export function sendStoredFile(reply: FastifyReply, file: StoredFile, wantInline: boolean): FastifyReply {
  const inline = wantInline && file.contentType === 'application/pdf';
  return reply
    .type(file.contentType)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      inline ? "default-src 'none'; frame-ancestors 'self'" : "sandbox; default-src 'none'; frame-ancestors 'none'",
    )
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}
