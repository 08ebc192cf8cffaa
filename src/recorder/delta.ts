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
 * not make every row after it look changed.
 *
 * `diff` takes a snapshot's values as they are, not a JSON copy of them (copying 2000 backends every
 * refresh cost more than the diff): it compares them as JSON.stringify would write them (a field
 * whose value is undefined is absent, undefined in an array and a number that is not finite are
 * null, a Date is its toJSON text), and a patch applied to the JSON form of `prev` gives the JSON
 * form of `next`. An unchanged row that is the same object in both costs one comparison.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type Patch = { $: Json } | { o: Record<string, Patch>; d?: string[] } | { a: ArrayItem[] };
type ArrayItem = [number, number] | { p: number; x: Patch } | { $: Json };

/** Fields that name an array item across snapshots, tried in this order. */
const IDENTITY_FIELDS = ['key', 'relid', 'queryid', 'name', 'pid'] as const;

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
const absent = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A value as JSON.stringify sees it before it writes it: a Date's text, null for what JSON cannot hold. */
function jsonForm(v: Json | undefined): Json | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') return jsonForm((v as unknown as { toJSON(): Json }).toJSON());
  return v;
}

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
  const a = jsonForm(prev);
  const b = jsonForm(next);
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(a, b);
  if (isObject(a) && isObject(b)) return diffObject(a, b);
  if (absent(b)) return { $: null };
  return deepEqual(a, b) ? undefined : { $: b! };
}

/** `o[k]`, undefined when `o` has no own field `k` (a field called "__proto__" included). */
const own = (o: { [k: string]: Json }, k: string): Json | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

function diffObject(prev: { [k: string]: Json }, next: { [k: string]: Json }): Patch | undefined {
  const nextKeys = Object.keys(next);
  const prevKeys = Object.keys(prev);
  let o: Record<string, Patch> | undefined;
  let d: string[] | undefined;
  let changed = 0;
  let fields = 0;
  // A field patched in its turn (not replaced): this object holds more than its leaves.
  let nested = false;
  const patchField = (k: string, before: Json | undefined, v: Json): void => {
    if (absent(v)) {
      if (!absent(before)) (d ??= []).push(k);
      return;
    }
    fields++;
    const p = absent(before) ? { $: v } : diff(before, v);
    if (p) {
      o ??= {};
      put(o, k, p);
      changed++;
      if (!('$' in p)) nested = true;
    }
  };
  if (sameKeys(prevKeys, nextKeys)) {
    // Rows of one collector have the same fields in the same order: compared by position, without
    // looking each field up by name (most of the cost at thousands of rows).
    const before = Object.values(prev);
    const after = Object.values(next);
    for (let i = 0; i < after.length; i++) {
      if (after[i] === before[i]) {
        if (!absent(after[i])) fields++;
      } else patchField(nextKeys[i]!, before[i], after[i]!);
    }
  } else {
    for (const k of nextKeys) patchField(k, own(prev, k), next[k]!);
    for (const k of prevKeys) if (!Object.hasOwn(next, k) && !absent(prev[k])) (d ??= []).push(k);
  }
  if (!o && !d) return undefined;
  const patch = { o: o ?? {}, ...(d ? { d } : {}) };
  // While at least half the fields are left out, the patch is the smaller: each field left out saves
  // its name and value, each one patched costs a few bytes of wrapping. Weighing both texts would
  // cost two JSON.stringify per changed row, most of a refresh's encoding at 2000 backends. A field
  // patched rather than replaced is a value too large to write again: weighing the object that holds
  // it (a snapshot's results, a collector's) would write the whole snapshot twice each refresh.
  if (2 * (changed + (d?.length ?? 0)) <= fields || nested) return patch;
  // A patch larger than the value itself is no saving.
  return JSON.stringify(patch).length < JSON.stringify(next).length ? patch : { $: next };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * How an array's items are named: the first of {@link IDENTITY_FIELDS} whose value is a distinct
 * string or number in every item, and where each value sits. Worked out once per array and kept
 * with it (the array a refresh diffs as `next` is the one the refresh after diffs as `prev`), so
 * a refresh does not index 2000 backends again. The store keeps a snapshot's arrays immutable;
 * and a patch is right whatever this says (an item is only ever patched against the item it is
 * matched with), so a stale entry could only make a patch larger, never wrong.
 */
interface Identity {
  field: string;
  at: Map<Json, number>;
}
const identities = new WeakMap<Json[], Identity | null>();

function identityOf(items: Json[]): Identity | null {
  let id = identities.get(items);
  if (id !== undefined) return id;
  id = null;
  for (const f of IDENTITY_FIELDS) {
    const at = new Map<Json, number>();
    let ok = true;
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const v = isObject(it) ? it[f] : undefined;
      if ((typeof v !== 'string' && typeof v !== 'number') || at.has(v)) {
        ok = false;
        break;
      }
      at.set(v, i);
    }
    if (ok) {
      id = { field: f, at };
      break;
    }
  }
  identities.set(items, id);
  return id;
}

/**
 * `next`'s identity when it names its items as `prev` does (undefined when it does not, and items
 * are then matched by position). A refresh whose every changed row kept its place and its `key`
 * (no backend came or left) has `prev`'s keys in the same order: it shares `prev`'s index, found
 * by looking at the changed rows only. Only for the first field, which no other can precede.
 */
function identityLike(before: Identity, prev: Json[], next: Json[]): Identity | undefined {
  const cached = identities.get(next);
  if (cached === undefined && before.field === IDENTITY_FIELDS[0] && prev.length === next.length) {
    const f = before.field;
    let same = true;
    for (let i = 0; i < next.length && same; i++) {
      const it = next[i];
      if (it === prev[i]) continue;
      const v = isObject(it) ? it[f] : undefined;
      same = (typeof v === 'string' || typeof v === 'number') && v === (prev[i] as Record<string, Json>)[f];
    }
    if (same) {
      identities.set(next, before);
      return before;
    }
  }
  const id = cached === undefined ? identityOf(next) : cached;
  return id?.field === before.field ? id : undefined;
}

function diffArray(prev: Json[], next: Json[]): Patch | undefined {
  const before = prev.length && next.length ? identityOf(prev) : null;
  // Items are matched by identity when both arrays name them by the same field, through `prev`'s index.
  const byId = before && identityLike(before, prev, next) ? before : undefined;
  const items: ArrayItem[] = [];
  let same = prev.length === next.length;
  const common = Math.min(prev.length, next.length);
  for (let i = 0; i < next.length; ) {
    // A run of items that are the same objects in the same places: unchanged, and matched with
    // themselves by identity as by position (identities are distinct in `prev`). One comparison each.
    let end = i;
    while (end < common && next[end] === prev[end]) end++;
    if (end > i) {
      const last = items[items.length - 1];
      if (Array.isArray(last) && last[0] + last[1] === i) last[1] += end - i;
      else items.push([i, end - i]);
      i = end;
      continue;
    }
    const it = next[i]!;
    const j = byId ? byId.at.get((it as Record<string, Json>)[byId.field]!) : i < prev.length ? i : undefined;
    const p = j === undefined ? { $: absent(it) ? null : it } : diff(prev[j], it);
    if (j !== i || p) same = false;
    if (p) items.push(j === undefined || '$' in p ? (p as { $: Json }) : { p: j, x: p });
    else {
      // Unchanged: extend the last run when it continues it.
      const last = items[items.length - 1];
      if (Array.isArray(last) && last[0] + last[1] === j) last[1]++;
      else items.push([j!, 1]);
    }
    i++;
  }
  if (same) return undefined;
  return { a: items };
}

/** Sets an own property, "__proto__" included (a plain assignment would set the prototype). */
function put<T>(o: { [k: string]: T }, k: string, v: T): void {
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
