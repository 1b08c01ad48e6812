/**
 * The waiting room value, apart from the repository that loads it: the estimates (estimate.ts) read it and the
 * repository uses the estimates, so the type lives here to keep the two files out of an import cycle.
 */
/** A room as the service sees it (one row of `waitrooms`). */
export interface Room {
  readonly id: number;
  readonly campaign: string;
  readonly active: boolean;
  /** Admission paused: the counter stays, polls are answered as usual. */
  readonly paused: boolean;
  readonly opensAt: Date;
  readonly admitPerMinute: number;
  readonly adaptive: boolean;
  readonly targetP95Ms: number;
  /** Adaptive only: the rate now, per minute (null until the first adjustment). */
  readonly currentRate: number | null;
  readonly rateChangedAt: Date | null;
  readonly holdSeconds: number;
  readonly issued: number;
  /** Null until the opening draw; then how many arrivals were shuffled. */
  readonly preQueue: number | null;
  readonly seed: Buffer | null;
  readonly openedAt: Date | null;
  readonly positionsReady: boolean;
  readonly admittedThrough: number;
  readonly admittedLive: number;
  readonly givenUp: number;
  readonly credit: number;
  readonly advancedAt: Date | null;
  readonly waiting: number;
  readonly countedAt: Date | null;
}
