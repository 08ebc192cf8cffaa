/**
 * Deltas between two JSON values, for the recording format: consecutive snapshots differ little
 * (a few backends change state each second, most rows stay as they were), so a record stores only
 * what changed since the one before it.
 *
 * A patch is JSON too:
 * - a field left out of an object patch is unchanged;
 * - `{"$": value}` replaces the value whole;
 * - `{"o": {field: patch}, "d": [field, ...]}` patches an object's fields and deletes some;
 * - `{"a": [item, ...]}` rebuilds an array from the previous one, item by item: `[i, n]` copies
 *   n unchanged items from index i of the previous array, `{"p": i, "x": patch}` is the previous
 *   item i patched, `{"$": value}` is a new item.
 *
 * Array items are matched by identity (the `key` a backend or lock row carries, a table's `relid`,
 * …) when every item has a distinct one, else by position: a backend that leaves the list does
 * not make every row after it look changed. Values are the JSON form of a snapshot (what
 * JSON.parse returns), so `apply(prev, diff(prev, next))` deep-equals `next`.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type Patch = { $: Json } | { o: Record<string, Patch>; d?: string[] } | { a: ArrayItem[] };
type ArrayItem = [number, number] | { p: number; x: Patch } | { $: Json };

/** Fields that name an array item across snapshots, tried in this order. */
const IDENTITY_FIELDS = ['key', 'relid', 'queryid', 'name', 'pid'] as const;

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !deepEqual(a[k], b[k])) return false;
  return true;
}

/** The patch that turns `prev` into `next`, or undefined when they are equal. */
export function diff(prev: Json | undefined, next: Json): Patch | undefined {
  if (prev === next) return undefined;
  if (Array.isArray(prev) && Array.isArray(next)) return diffArray(prev, next);
  if (isObject(prev) && isObject(next)) return diffObject(prev, next);
  return deepEqual(prev, next) ? undefined : { $: next };
}

function diffObject(prev: { [k: string]: Json }, next: { [k: string]: Json }): Patch | undefined {
  // No prototype: a field called "__proto__" is then a field like any other.
  const o: Record<string, Patch> = Object.create(null) as Record<string, Patch>;
  const d: string[] = [];
  let changed = 0;
  let fields = 0;
  for (const [k, v] of Object.entries(next)) {
    fields++;
    const p = Object.hasOwn(prev, k) ? diff(prev[k], v) : { $: v };
    if (p) {
      o[k] = p;
      changed++;
    }
  }
  for (const k of Object.keys(prev)) if (!Object.hasOwn(next, k)) d.push(k);
  if (!changed && d.length === 0) return undefined;
  const patch = { o, ...(d.length ? { d } : {}) };
  // While at least half the fields are left out, the patch is the smaller: each field left out saves
  // its name and value, each one patched costs a few bytes of wrapping. Weighing both texts would
  // cost two JSON.stringify per changed row, most of a refresh's encoding at 2000 backends.
  if (2 * (changed + d.length) <= fields) return patch;
  // A patch larger than the value itself is no saving.
  return JSON.stringify(patch).length < JSON.stringify(next).length ? patch : { $: next };
}

function identityOf(items: Json[]): string | undefined {
  for (const f of IDENTITY_FIELDS) {
    const seen = new Set<Json>();
    let ok = true;
    for (const it of items) {
      const v = isObject(it) ? it[f] : undefined;
      if ((typeof v !== 'string' && typeof v !== 'number') || seen.has(v)) {
        ok = false;
        break;
      }
      seen.add(v);
    }
    if (ok) return f;
  }
  return undefined;
}

function diffArray(prev: Json[], next: Json[]): Patch | undefined {
  const field = prev.length && next.length ? identityOf(prev) : undefined;
  const byId = new Map<Json, number>();
  if (field && identityOf(next) === field) prev.forEach((it, i) => byId.set((it as Record<string, Json>)[field]!, i));
  const match = (it: Json, i: number): number | undefined => {
    if (byId.size) return byId.get((it as Record<string, Json>)[field!]!);
    return i < prev.length ? i : undefined;
  };
  const items: ArrayItem[] = [];
  let same = prev.length === next.length;
  next.forEach((it, i) => {
    const j = match(it, i);
    const p = j === undefined ? { $: it } : diff(prev[j], it);
    if (j !== i || p) same = false;
    if (p) {
      items.push(j === undefined || '$' in p ? (p as { $: Json }) : { p: j, x: p });
      return;
    }
    // Unchanged: extend the last run when it continues it.
    const last = items[items.length - 1];
    if (Array.isArray(last) && last[0] + last[1] === j) last[1]++;
    else items.push([j!, 1]);
  });
  if (same) return undefined;
  return { a: items };
}

/** Sets an own property, "__proto__" included (a plain assignment would set the prototype). */
function put(o: { [k: string]: Json }, k: string, v: Json): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Applies a patch made by {@link diff}; unchanged parts of `prev` are shared, not copied. */
export function apply(prev: Json | undefined, patch: Patch): Json {
  if ('$' in patch) return patch.$;
  if ('o' in patch) {
    const base = isObject(prev) ? prev : {};
    const out: { [k: string]: Json } = {};
    const deleted = new Set(patch.d ?? []);
    for (const [k, v] of Object.entries(base)) if (!deleted.has(k)) put(out, k, Object.hasOwn(patch.o, k) ? apply(v, patch.o[k]!) : v);
    for (const [k, p] of Object.entries(patch.o)) if (!Object.hasOwn(base, k)) put(out, k, apply(undefined, p));
    return out;
  }
  const from = Array.isArray(prev) ? prev : [];
  const out: Json[] = [];
  for (const it of patch.a) {
    if (Array.isArray(it)) for (let i = 0; i < it[1]; i++) out.push(from[it[0] + i]!);
    else if ('$' in it) out.push(it.$);
    else out.push(apply(from[it.p], it.x));
  }
  return out;
}
