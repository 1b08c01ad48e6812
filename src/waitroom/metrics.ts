import { Counter, Gauge, type Registry } from 'prom-client';
import type { RoomCache } from './refresher.ts';
import { effectiveRate, waitFigures } from './estimate.ts';

export type WaitroomEvent = 'join' | 'poll' | 'admitted' | 'expired' | 'refused';

/**
 * Room gauges read this instance's cache at scrape time (no database read); every
 * instance reports the same room figures, so dashboards take max() across instances.
 * The event counter is per instance and sums across them.
 */
export function waitroomMetrics(registry: Registry, cache: RoomCache, now: () => Date): (event: WaitroomEvent) => void {
  const registers = [registry];
  const gauge = (name: string, help: string, read: (room: ReturnType<RoomCache['all']>[number]) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['campaign'],
      registers,
      collect() {
        this.reset();
        for (const room of cache.all()) if (room.active) this.set({ campaign: room.campaign }, read(room));
      },
    });
  };
  gauge(
    'salus_waitroom_waiting',
    'People present in the waiting room and not yet admitted (room size)',
    (r) => r.waiting,
  );
  gauge('salus_waitroom_tickets_issued', 'Tickets handed out since the room was created', (r) => r.issued);
  gauge('salus_waitroom_admitted', 'People admitted since the room opened', (r) => r.admittedLive);
  gauge(
    'salus_waitroom_given_up',
    'Places given up because their holder stopped polling for longer than the hold',
    (r) => r.givenUp,
  );
  gauge(
    'salus_waitroom_admit_rate_per_minute',
    'Admission rate in force (configured, or adaptive up to the configured one)',
    (r) => effectiveRate(r),
  );
  gauge('salus_waitroom_admitted_last_minute', 'Admissions achieved over the last minute', (r) =>
    cache.admittedLastMinute(r),
  );
  gauge(
    'salus_waitroom_estimated_wait_seconds',
    'Estimated wait for someone joining now',
    (r) => waitFigures(r, r.issued + 1, now().getTime(), () => 0.5).estimatedWaitSeconds,
  );
  const events = new Counter({
    name: 'salus_waitroom_events_total',
    help: 'Joins, polls, admissions, expired places and refused enrollments (this instance)',
    labelNames: ['event'],
    registers,
  });
  return (event) => {
    events.inc({ event });
  };
}
