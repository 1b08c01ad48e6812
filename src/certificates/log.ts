/** Where the certificates services record what they did: pino and Fastify's logger fit as they are. */
export type AuditLog = { info(details: Record<string, unknown>, message: string): void };
