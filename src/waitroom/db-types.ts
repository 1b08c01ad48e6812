import type { Generated } from 'kysely';

/** Kysely types of the waiting-room tables (migrations/0008_waitroom.sql). */
export interface WaitroomTables {
  waitrooms: WaitroomsTable;
  waitroom_entries: WaitroomEntriesTable;
  waitroom_advances: WaitroomAdvancesTable;
  waitroom_load: WaitroomLoadTable;
}

export interface WaitroomsTable {
  id: Generated<number>;
  campaign_code: string;
  active: Generated<boolean>;
  opens_at: Date;
  admit_per_minute: number;
  adaptive: Generated<boolean>;
  target_p95_ms: Generated<number>;
  current_rate: number | null;
  rate_changed_at: Date | null;
  hold_seconds: Generated<number>;
  /** bigint columns: src/db/database.ts parses INT8 as a JS number (exact below 2^53). */
  issued: Generated<number>;
  pre_queue: number | null;
  shuffle_seed: Buffer | null;
  opened_at: Date | null;
  positions_ready: Generated<boolean>;
  admitted_through: Generated<number>;
  admitted_live: Generated<number>;
  given_up: Generated<number>;
  credit: Generated<number>;
  advanced_at: Date | null;
  waiting: Generated<number>;
  counted_at: Date | null;
  /** Migration 0040: admission paused (the counter does not move). */
  paused: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface WaitroomEntriesTable {
  room_id: number;
  seq: number;
  position: number | null;
  joined_at: Date;
  last_seen_at: Date;
  /** Migration 0040: when the holder was told to come back (null until a poll answer is recorded). */
  poll_due_at: Date | null;
}

export interface WaitroomAdvancesTable {
  room_id: number;
  through_position: number;
  at: Date;
  admitted: number;
  given_up: number;
}

export interface WaitroomLoadTable {
  room_id: number;
  instance: string;
  at: Date;
  p95_ms: number;
  requests: number;
}
