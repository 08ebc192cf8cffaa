/** Raw column values from the driver, kept null when SQL returned NULL (never 0 or ''). */
export const str = (v: unknown): string | null => (v == null ? null : String(v));
export const num = (v: unknown): number | null => (v == null ? null : Number(v));

/** Age in seconds of a server timestamp (epoch s) at `now` (epoch ms), null when unset. */
export const ageOf = (t: number | null, nowMs: number): number | null => (t == null ? null : Math.max(0, nowMs / 1000 - t));
