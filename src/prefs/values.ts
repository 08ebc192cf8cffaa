/** Hand-written values of the preferences file: sizes ("256 MB") and durations ("5m") as well as numbers. */

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };
const TIME_UNITS: Record<string, number> = { ms: 0.001, s: 1, min: 60, m: 60, h: 3600, d: 86400 };

/** A byte count: a number, or "256 MB" / "1GB" in pg_size_pretty's units (1 kB = 1024 bytes). */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b)\s*$/i.exec(v) : null;
  return m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : undefined;
}

/** Seconds: a number, or "500ms", "30s", "5m", "5min", "2h", "1d". */
export function parseSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d)\s*$/i.exec(v) : null;
  return m ? Number(m[1]) * TIME_UNITS[m[2]!.toLowerCase()]! : undefined;
}

/** A share: a number from 0 to 1, or "87%" / "87 %". */
export function parseShare(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v) : null;
  return m ? Number(m[1]) / 100 : undefined;
}

/** camelCase → snake_case, as the file spells keys. */
export const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
