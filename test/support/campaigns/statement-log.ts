import pg from 'pg';

export interface LoggedStatement {
  /** The client (one PostgreSQL connection) that sent it. */
  readonly client: object;
  readonly text: string;
}

/**
 * Records the text of every statement any node-postgres client of this process sends while on (the test
 * platform's server runs in the test's process), by wrapping Client.prototype.query. Undo with stop().
 */
export function logStatements() {
  const entries: LoggedStatement[] = [];
  let on = false;
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const original = Reflect.get(pg.Client.prototype, 'query') as Query;
  const patched = function (this: pg.Client, ...args: unknown[]): unknown {
    if (on) {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      entries.push({ client: this, text });
    }
    return original.apply(this, args);
  };
  Reflect.set(pg.Client.prototype, 'query', patched);
  return {
    entries,
    start(): void {
      on = true;
    },
    pause(): void {
      on = false;
    },
    stop(): void {
      on = false;
      Reflect.set(pg.Client.prototype, 'query', original);
    },
  };
}

/**
 * The transactions in a log (per connection, from BEGIN to COMMIT), the statements sent outside any
 * (autocommit: each one a transaction of its own, counted in pg_stat_database.xact_commit) and those of them
 * that write (each one a WAL flush too).
 */
export function transactionsIn(entries: readonly LoggedStatement[]): {
  committed: string[][];
  autocommit: string[];
  autocommitWrites: string[];
} {
  const open = new Map<object, string[]>();
  const committed: string[][] = [];
  const autocommit: string[] = [];
  for (const { client, text } of entries) {
    const statement = text.trim().toLowerCase();
    if (statement === 'begin' || statement.startsWith('begin ')) {
      open.set(client, []);
    } else if (statement === 'commit') {
      const statements = open.get(client);
      if (statements !== undefined) committed.push(statements);
      open.delete(client);
    } else if (statement === 'rollback') {
      open.delete(client);
    } else {
      const inside = open.get(client);
      if (inside !== undefined) inside.push(statement);
      else autocommit.push(statement);
    }
  }
  const autocommitWrites = autocommit.filter((s) => /^(with\b[\s\S]*\b)?(insert|update|delete)\b/.test(s));
  return { committed, autocommit, autocommitWrites };
}
