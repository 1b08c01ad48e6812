/** fse2's tables, for src/db/schema.ts (the db layer reads only each module's db-types.ts). */
export type { GatewayTables } from './gateway/db-types.ts';
export type { VaccTables } from './vacc/db-types.ts';
