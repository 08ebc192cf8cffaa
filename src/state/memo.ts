/**
 * Memoised selectors: a view is computed once per (snapshot, inputs) and shared by everyone who
 * asks in the same state — the store's derivation of the selection, the App's row keys for a key
 * press, the screen's render. The cache hangs off the snapshot in a WeakMap rather than a module
 * variable: two stores (two servers, a replay beside the live view) keep their own views instead
 * of evicting each other's, and a snapshot that is dropped takes its views with it.
 */

import type { TableState } from './ui';

/** Stands for "no snapshot yet" as a WeakMap key. */
const NONE = {};

/**
 * `compute` memoised on its first argument (a snapshot, by identity, possibly undefined) and on
 * the identity of the others: the last result per snapshot is kept while the other arguments are
 * the same objects.
 */
export function perSnapshot<K extends object, A extends readonly unknown[], R>(compute: (snap: K | undefined, ...args: A) => R): (snap: K | undefined, ...args: A) => R {
  const cache = new WeakMap<object, { args: A; value: R }>();
  return (snap, ...args) => {
    const hit = cache.get(snap ?? NONE);
    if (hit && hit.args.length === args.length && hit.args.every((a, i) => a === args[i])) return hit.value;
    const value = compute(snap, ...args);
    cache.set(snap ?? NONE, { args, value });
    return value;
  };
}

/**
 * What a table's rows depend on — its sort and filter, not its cursor — spread into a selector's
 * arguments, so moving the cursor does not sort the rows again.
 */
export function orderOf(t: TableState): [sortColumn: string, desc: boolean, filter: string] {
  return [t.sortColumn, t.desc, t.filter];
}

/** The table state a model sorts and filters by, rebuilt from {@link orderOf}'s arguments. */
export function tableFor(sortColumn: string, desc: boolean, filter: string): TableState {
  return { sortColumn, desc, filter, selected: null };
}
