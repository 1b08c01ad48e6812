import pg from 'pg';

/** Owns the schema and runs the migrations; the running application never logs in as it. */
export const OWNER_ROLE = 'salus_owner';
/** The running application: reads and writes rows, owns nothing (migrations/0014_app_role.sql). */
export const APP_ROLE = 'salus_app';
/** The schemas Salus's objects live in: its migrations' and graphile-worker's. */
const SCHEMAS = ['public', 'graphile_worker'];

export interface RolePasswords {
  readonly owner: string;
  readonly app: string;
}

/**
 * Creates (or resets) the owner and application roles on a cluster, as its administrator.
 * Used where Salus sets PostgreSQL up itself: the embedded database, the tests and the HA
 * layout. Both are plain login roles: no superuser, no CREATEROLE, no CREATEDB.
 */
export async function bootstrapRoles(adminUrl: string, passwords: RolePasswords): Promise<void> {
  await withClient(adminUrl, async (client) => {
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount === 0 ? 'CREATE' : 'ALTER';
      await client.query(
        `${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ` +
          `PASSWORD ${client.escapeLiteral(password)}`,
      );
    }
    // The dashboard's replication panel reads pg_stat_replication, whose state columns only
    // roles with pg_read_all_stats see. Read-only statistics: nothing it could change.
    await client.query(`GRANT pg_read_all_stats TO ${APP_ROLE}`);
  });
}

/**
 * Creates the database owned by the owner role, or hands an existing one and everything
 * in it to the owner role: a database made before the split (by the superuser, or by a
 * role that was both owner and application) keeps working, now owned by salus_owner.
 */
export async function prepareDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    const db = client.escapeIdentifier(name);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${db} OWNER ${OWNER_ROLE}`);
    else await client.query(`ALTER DATABASE ${db} OWNER TO ${OWNER_ROLE}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  await withClient(url.toString(), async (client) => {
    for (const statement of await ownershipTransfers(client)) await client.query(statement);
  });
}

/**
 * ALTER … OWNER TO salus_owner for each schema, relation, routine and type of Salus's
 * schemas that someone else owns. One object at a time: REASSIGN OWNED cannot move the
 * objects of the cluster's bootstrap superuser (the embedded database's old `salus`).
 */
async function ownershipTransfers(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(
    `WITH s AS (SELECT oid, nspname, nspowner FROM pg_namespace WHERE nspname = ANY($1::text[])),
       me AS (SELECT to_regrole($2::text)::oid AS r)
     SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, $2::text) AS statement FROM s, me WHERE s.nspowner <> me.r
     UNION ALL
     SELECT format('ALTER %s %s OWNER TO %I',
         CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
           WHEN 'c' THEN 'TYPE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass, $2::text)
       FROM pg_class c JOIN s ON s.oid = c.relnamespace, me
       WHERE c.relowner <> me.r AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c', 'f')
         -- A sequence of a serial or identity column moves with its table.
         AND NOT (c.relkind = 'S' AND EXISTS (
           SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
             AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text)
       FROM pg_proc p JOIN s ON s.oid = p.pronamespace, me WHERE p.proowner <> me.r
     UNION ALL
     SELECT format('ALTER %s %s OWNER TO %I',
       CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, $2::text)
       FROM pg_type t JOIN s ON s.oid = t.typnamespace, me
       WHERE t.typowner <> me.r AND t.typtype IN ('d', 'e', 'r') AND t.typelem = 0`,
    [SCHEMAS, OWNER_ROLE],
  );
  return rows.map((row) => row.statement);
}

export interface RoleCheck {
  readonly role: string;
  readonly superuser: boolean;
  /** Tables, views and sequences of this database the role owns. */
  readonly owns: number;
}

/** What the connection's role may do beyond rows: a superuser, or an owner, can rewrite the audit log. */
export async function checkRole(pool: pg.Pool): Promise<RoleCheck> {
  const { rows } = await pool.query<RoleCheck>(
    `SELECT current_user AS role, r.rolsuper AS superuser,
       (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relowner = r.oid
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          AND n.nspname NOT LIKE 'pg_temp%') AS owns
     FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('the current role is not in pg_roles');
  return row;
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
