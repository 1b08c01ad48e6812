import type { Kysely } from 'kysely';

export type Db<T> = Kysely<T>;
