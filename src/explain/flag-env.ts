/**
 * What every red-flag rule needs to know about the plan as a whole: whether it was timed, the
 * denominator of a share, each node's parents, and which nodes stopped early. Built once per plan.
 */
import { displayIdent } from '../data/sql/ident';
import { stoppedEarly } from './early';
import { inclusiveMs } from './parse';
import type { ExplainResult, PlanNode, RelationStats } from './types';

/** An index as the catalog describes it (or as far as the plan shows it, offline). */
export interface KnownIndex {
  name: string;
  /** Key columns in order; empty when only the name is known. */
  columns: string[];
  include: string[];
  partial: boolean;
}

export interface FlagContext {
  /** Statistics of the relations the plan reads, keyed by relationKey(schema, name). */
  relations?: ReadonlyMap<string, RelationStats>;
  /** Indexes of the relations the plan reads (from the catalog when connected), by relationKey. */
  indexes?: ReadonlyMap<string, KnownIndex[]>;
  /** A table at least this many rows is "large" (a seq scan there is worth a look). */
  largeTableRows?: number;
  blockSize?: number;
}

export const relationKey = (schema: string | null, name: string): string => `${schema ?? ''}.${name}`;

export interface FlagEnv {
  r: ExplainResult;
  ctx: FlagContext;
  /** Times are known (ANALYZE with timing on). Shares are of time, else of cost. */
  timed: boolean;
  /** Execution time (ms) when timed, else the plan's summed self cost. */
  total: number;
  parents: Map<string, PlanNode[]>;
  early: Set<string>;
}

export function flagEnv(r: ExplainResult, ctx: FlagContext): FlagEnv {
  const timed = r.analyzed && !r.timingOff;
  const parents = new Map<string, PlanNode[]>();
  const walk = (n: PlanNode, up: PlanNode[]): void => {
    parents.set(n.id, up);
    for (const c of n.children) walk(c, [...up, n]);
  };
  walk(r.root, []);
  const selfSum = r.nodes.reduce((s, n) => s + (timed ? (n.selfMs ?? 0) : n.selfCost), 0);
  // Execution Time also holds triggers and JIT, which no node carries.
  const total = timed ? Math.max(r.executionMs ?? 0, selfSum) : selfSum;
  return { r, ctx, timed, total: total > 0 ? total : 1, parents, early: stoppedEarly(r.root) };
}

/** Share of the total that the node itself spends (self time, else self cost). */
export function selfShare(n: PlanNode, env: FlagEnv): number {
  return Math.min(1, (env.timed ? (n.selfMs ?? 0) : n.selfCost) / env.total);
}

function subtreeCost(n: PlanNode): number {
  return n.children.reduce((s, c) => s + subtreeCost(c), n.selfCost);
}

/** Share of the total spent in the node and everything below it. */
export function treeShare(n: PlanNode, env: FlagEnv): number {
  return Math.min(1, (env.timed ? (inclusiveMs(n) ?? 0) : subtreeCost(n)) / env.total);
}

/** A ratio that is never 0 % or 100 % when it is not: 99.6 % discarded reads 99 %, not 100 %. */
export const pct = (r: number): string => `${Math.floor(r * 100)}%`;

export const fmtN = (n: number): string => {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
};

export const sizeKb = (kb: number): string =>
  kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(1)} GB` : kb >= 1024 ? `${Math.round(kb / 1024)} MB` : `${Math.round(kb)} kB`;

/** work_mem that would hold `kb` in memory, rounded up to a power of two in MB. */
export function workMemFor(kb: number): string {
  let mb = 1;
  while (mb * 1024 < kb) mb *= 2;
  return mb >= 1024 ? `${mb / 1024}GB` : `${mb}MB`;
}

export function relName(n: PlanNode): string {
  if (!n.relation) return '?';
  return n.schema && n.schema !== 'public' ? `${displayIdent(n.schema)}.${displayIdent(n.relation)}` : displayIdent(n.relation);
}

export function statsOf(n: PlanNode, env: FlagEnv): RelationStats | undefined {
  return n.relation ? env.ctx.relations?.get(relationKey(n.schema, n.relation)) : undefined;
}

/** Rows over all loops (per-loop average × loops). */
export const totalRows = (n: PlanNode): number => (n.actualRows ?? 0) * Math.max(1, n.actualLoops ?? 1);

/** Sort and hash nodes: each may use up to work_mem (hash ones × hash_mem_multiplier). */
export function memoryNodes(r: ExplainResult): number {
  return r.nodes.filter((n) => ['Sort', 'Incremental Sort', 'Hash', 'Memoize', 'Materialize'].includes(n.nodeType) || (n.nodeType === 'Aggregate' && n.strategy === 'Hashed')).length;
}
