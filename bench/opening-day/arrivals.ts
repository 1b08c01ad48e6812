import { seededRandom as mulberry32 } from '../../src/shared/random.ts';
/**
 * When each person arrives, in ms relative to the opening (negative: before it).
 * The shape of 15 Feb 2021: a crowd waiting before 13:00, growing towards the minute,
 * a spike in the first minute after it, then a long tail.
 * - 15% before the opening, over the last tenth of the window (60 s of 10 min), denser near the end;
 * - 35% in the first tenth after the opening;
 * - 50% over the rest of the window, decaying exponentially.
 * Deterministic for a seed, so that runs compare.
 */
export function arrivalSchedule(count: number, windowMs: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const tenth = windowMs / 10;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u = random();
    let at: number;
    if (u < 0.15)
      at = -tenth * (1 - Math.sqrt(random())); // density rising towards the opening
    else if (u < 0.5) at = tenth * random();
    else {
      // Truncated exponential over the remaining 8 tenths (mean about a third of it).
      const span = windowMs - 2 * tenth;
      const rate = 3 / span;
      at = tenth - Math.log(1 - random() * (1 - Math.exp(-rate * span))) / rate;
    }
    out[i] = at;
  }
  return out.sort();
}

/** The registry's seeded PRNG (mulberry32): enough for load shapes, not for secrets. */
export { mulberry32 };
