/** Raw column values from the driver, kept null when SQL returned NULL (never 0 or ''). */
export const str = (v: unknown): string | null => (v == null ? null : String(v));
export const num = (v: unknown): number | null => (v == null ? null : Number(v));
