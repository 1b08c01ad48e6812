import { createHash } from 'node:crypto';

/**
 * Server-side prepared statements for the statements a connection sends again and again.
 *
 * node-postgres sends a parameterised query as an unnamed statement: PostgreSQL parses, analyses and plans it
 * on every execution. Given a name, the statement is parsed once per connection and, after five executions,
 * PostgreSQL may keep a generic plan (plan_cache_mode = auto): it does so only while the generic plan's estimated
 * cost is no worse than the custom plans', so a statement whose parameter decides the index (a partial index on
 * `status = 'queued'`) keeps being planned per execution. Measured on the enrollment transactions sent straight
 * to PostgreSQL (bench/opening-day/pg-capacity.ts, 32 connections, 15 s, alternated, ADR 0030): 2.7-3.4 ms of
 * PostgreSQL CPU per enrollment unnamed, 1.4-1.5 ms named; named with force_custom_plan 2.5 ms, so most of the
 * saving is the planning.
 *
 * Only statements with parameters are named: a parameterless text may hold several statements (migrations,
 * scripts), which the extended protocol refuses, and BEGIN or COMMIT cost little to parse. A connection names
 * at most MAX_NAMED_PER_CONNECTION distinct texts, so a statement built with a varying number of parameters
 * (an IN list) cannot grow the server's memory without bound: past the cap, texts go unnamed as before.
 */
export const MAX_NAMED_PER_CONNECTION = 400;
// Names by text, shared by every connection: a hash computed once per distinct text, not per execution.
const MAX_REMEMBERED_NAMES = 4_000;

export interface StatementNamer {
  /** The query arguments to send: a named config object for a repeated parameterised text, else `args`. */
  name(args: readonly unknown[]): unknown[];
}

export function statementNamer(): { forConnection(): StatementNamer } {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `s_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
      if (names.size < MAX_REMEMBERED_NAMES) names.set(text, name);
    }
    return name;
  };
  return {
    forConnection: () => {
      const named = new Set<string>();
      return {
        name: (args) => {
          const [text, values] = args;
          if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return [...args];
          const name = nameOf(text);
          if (!named.has(name)) {
            if (named.size >= MAX_NAMED_PER_CONNECTION) return [...args];
            named.add(name);
          }
          return [{ name, text, values }, ...args.slice(2)];
        },
      };
    },
  };
}

type AnyQuery = (...args: unknown[]) => unknown;

/** Names the repeated statements of a bare pg client (benchmarks that mirror the server's statements). */
export function nameStatementsOf(client: { query: unknown }, namer: StatementNamer): void {
  const query = (client.query as AnyQuery).bind(client);
  Object.assign(client, { query: (...args: unknown[]) => query(...namer.name(args)) });
}
