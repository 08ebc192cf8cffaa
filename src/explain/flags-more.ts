/**
 * Red flags about memory, I/O and parallelism on one node, and the plan-wide ones (triggers, JIT,
 * planning). work_mem fixes state what they cost: each sort or hash node of each connection
 * running the query may use that much at once.
 */
import { fmtN, memoryNodes, pct, relName, selfShare, sizeKb, treeShare, workMemFor, type FlagEnv } from './flag-env';
import type { Draft } from './flags';
import type { PlanNode } from './types';

const SORT_MEMORY_KB = 64 * 1024;

function perConnection(env: FlagEnv, mem: string): string {
  const k = memoryNodes(env.r);
  return `up to ${mem} per sort or hash node and connection${k > 1 ? ` (this plan has ${k} such nodes: up to ${k} x ${mem} for each connection running it)` : ''}; set it for the role or session that runs it (ALTER ROLE … SET work_mem), not server-wide`;
}

function workMemNote(env: FlagEnv): string {
  return env.r.settings.work_mem ? ` (work_mem is ${env.r.settings.work_mem})` : '';
}

function sortFlags(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Sort' && n.nodeType !== 'Incremental Sort') return null;
  const kb = n.sortSpaceKb ?? 0;
  if (n.sortSpaceType === 'Disk' || /external/.test(n.sortMethod ?? '')) {
    // In memory a sort needs more than its on-disk size.
    const mem = workMemFor(kb * 2);
    return {
      nodeId: n.id,
      category: 'sort-spill',
      share: selfShare(n, env),
      why: `sort spilled ${sizeKb(kb)} to temporary files (${n.sortMethod ?? 'external'})${workMemNote(env)}`,
      fix: `SET work_mem = '${mem}'; ${perConnection(env, mem)}; or an index on the sort key returns rows in order without sorting`,
    };
  }
  if (n.sortSpaceType === 'Memory' && kb >= SORT_MEMORY_KB) {
    return {
      nodeId: n.id,
      category: 'sort-memory',
      share: selfShare(n, env),
      why: `sorted ${sizeKb(kb)} in memory${workMemNote(env)}: each connection running this holds that much until the sort ends`,
      fix: `sort fewer or narrower rows: an index on the sort key${n.sortKey ? ` (${n.sortKey.join(', ')})` : ''} returns them in order, a LIMIT lets a top-N sort keep only what it returns; a work_mem this large is ${sizeKb(kb)} per sort node and connection`,
    };
  }
  return null;
}

function hashFlag(n: PlanNode, env: FlagEnv): Draft | null {
  const batches = n.hashBatches ?? 0;
  const agg = n.nodeType === 'Aggregate' && n.strategy !== 'Sorted' && n.strategy !== 'Plain';
  if (!((n.nodeType === 'Hash' && batches > 1) || (agg && (batches > 1 || (n.diskUsageKb ?? 0) > 0)))) return null;
  const need = agg ? (n.diskUsageKb ?? 0) * 2 : (n.peakMemoryKb ?? 0) * batches;
  const mem = workMemFor(Math.max(need, 1024));
  const grew = n.originalHashBatches !== null && n.originalHashBatches < batches ? ` (planned ${n.originalHashBatches}: more rows arrived than estimated)` : '';
  // A Hash's work is done while its join builds it: the join's time holds the cost too.
  const parents = env.parents.get(n.id) ?? [];
  const join = parents[parents.length - 1];
  return {
    nodeId: n.id,
    category: 'hash-batches',
    share: agg ? selfShare(n, env) : Math.min(1, selfShare(n, env) + (join ? selfShare(join, env) : 0)),
    why: agg
      ? `hash aggregate spilled ${sizeKb(n.diskUsageKb ?? 0)} to temporary files in ${batches} batches${workMemNote(env)}`
      : `hash table split into ${batches} batches written to temporary files${grew}${workMemNote(env)}`,
    fix: `SET work_mem = '${mem}'; ${perConnection(env, mem)} (hash_mem_multiplier raises hash memory alone)`,
  };
}

function materializeFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Materialize') return null;
  const childTemp = n.children.reduce((s, c) => s + (c.buffers?.tempWritten ?? 0), 0);
  const temp = Math.max(0, (n.buffers?.tempWritten ?? 0) - childTemp);
  if (temp === 0 && n.storageType !== 'Disk') return null;
  const loops = n.actualLoops ?? 1;
  const kb = (temp * 8192) / 1024;
  const mem = workMemFor(Math.max(kb, 1024));
  return {
    nodeId: n.id,
    category: 'materialize-spill',
    share: selfShare(n, env),
    why: `materialized its input to temporary files${kb ? ` (${sizeKb(kb)})` : ''} and read them back ${fmtN(loops)} times${workMemNote(env)}`,
    fix: `SET work_mem = '${mem}'; ${perConnection(env, mem)}; better, a join condition an index or hash can use, so the inner side is not rescanned`,
  };
}

function memoizeFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Memoize' || n.cacheMisses === null) return null;
  const hits = n.cacheHits ?? 0;
  const misses = n.cacheMisses;
  const evictions = n.cacheEvictions ?? 0;
  if (misses < 1000) return null;
  const share = treeShare(n, env);
  if (evictions >= 0.1 * misses) {
    const mem = workMemFor(Math.max((n.peakMemoryKb ?? 1024) * 4, 1024));
    return {
      nodeId: n.id,
      category: 'memoize-misses',
      share,
      why: `the cache was too small: ${fmtN(misses)} misses and ${fmtN(evictions)} evictions for ${fmtN(hits)} hits, so the inner side ran ${fmtN(misses)} times`,
      fix: `SET work_mem = '${mem}'; ${perConnection(env, mem)} (Memoize uses hash memory: hash_mem_multiplier)`,
    };
  }
  if (hits < 0.1 * misses) {
    return {
      nodeId: n.id,
      category: 'memoize-misses',
      share,
      why: `the cache hardly helped: ${fmtN(hits)} hits for ${fmtN(misses)} misses (the planner expected repeated keys)`,
      fix: 'ANALYZE the outer table (n_distinct of the join key is underestimated); for this query SET enable_memoize = off',
    };
  }
  return null;
}

function workersFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if ((n.nodeType !== 'Gather' && n.nodeType !== 'Gather Merge') || n.workersLaunched === null || n.workersPlanned === null) return null;
  if (n.workersLaunched >= n.workersPlanned) return null;
  const s = env.r.settings;
  const known = ['max_parallel_workers', 'max_worker_processes'].filter((k) => s[k]).map((k) => `${k} = ${s[k]}`);
  return {
    nodeId: n.id,
    category: 'workers-short',
    share: treeShare(n, env),
    why: `${n.workersLaunched} of ${n.workersPlanned} planned parallel workers were launched: the rest of the work fell on ${n.workersLaunched ? 'fewer processes' : 'the leader alone'}`,
    fix: `the parallel worker pool was exhausted when it started${known.length ? ` (${known.join(', ')})` : ''}: raise max_parallel_workers (and max_worker_processes, which needs a restart), or run fewer parallel queries at once`,
  };
}

function readFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (!env.r.analyzed || !n.buffers || n.selfRead === null) return null;
  const fix = 'a cold cache or a working set larger than shared_buffers: an index that touches fewer pages helps most; compare shared_buffers with the hot data size (pg_buffercache, pg_prewarm after a restart)';
  if (n.selfIoReadMs !== null && env.timed) {
    // With track_io_timing, the time says what reads cost; a block count alone cannot.
    const share = n.selfIoReadMs / env.total;
    if (share < 0.1 || n.selfIoReadMs < 5) return null;
    return {
      nodeId: n.id,
      category: 'io-time',
      share: Math.min(1, share),
      why: `waited ${n.selfIoReadMs.toFixed(1)} ms reading ${fmtN(n.selfRead)} blocks${n.relation ? ` of ${relName(n)}` : ''} from outside shared_buffers`,
      fix,
      group: `io-time:${fix}`,
    };
  }
  let selfHit = n.buffers.sharedHit + n.buffers.localHit;
  for (const c of n.children) if (c.buffers) selfHit -= c.buffers.sharedHit + c.buffers.localHit;
  selfHit = Math.max(0, selfHit);
  const read = n.selfRead;
  const share = selfShare(n, env);
  // Reads need not outnumber hits: an index lookup that misses the cache a tenth of the time can
  // still spend most of its time waiting for those reads.
  if (read < 1000 || read < 0.1 * (read + selfHit) || (read < selfHit && share < 0.1)) return null;
  const kb = (read * (env.ctx.blockSize ?? 8192)) / 1024;
  return {
    nodeId: n.id,
    category: 'disk-reads',
    share,
    why: `read ${sizeKb(kb)} from outside shared_buffers (${pct(read / (read + selfHit))} of its blocks)`,
    fix,
    group: `disk-reads:${fix}`,
  };
}

/** Memory, I/O and parallelism flags on one node. */
export function memoryFlags(n: PlanNode, env: FlagEnv): Draft[] {
  return [sortFlags, hashFlag, materializeFlag, memoizeFlag, workersFlag, readFlag].map((f) => f(n, env)).filter((d): d is Draft => d !== null);
}

/** Flags about the run as a whole: trigger, JIT and planning time (shown on the root node). */
export function planWideFlags(env: FlagEnv): Draft[] {
  const { r } = env;
  const out: Draft[] = [];
  const exec = r.executionMs;
  if (exec && exec > 0) {
    for (const t of r.triggers) {
      const share = t.ms / exec;
      if (share < 0.1 || t.ms < 1) continue;
      const fk = /^RI_ConstraintTrigger/.test(t.name);
      out.push({
        nodeId: r.root.id,
        category: 'trigger-time',
        share: Math.min(1, share),
        why: `trigger ${t.name}${t.relation ? ` on ${t.relation}` : ''} took ${t.ms.toFixed(0)} ms in ${fmtN(t.calls)} calls, ${pct(share)} of the run`,
        fix: fk
          ? `a foreign-key check or cascade that scans the referencing table once per row: index the referencing column(s) of ${t.constraint ? `foreign key ${t.constraint}` : 'that foreign key'} (SELECT conrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = '${t.constraint ?? '<constraint>'}' names them), then CREATE INDEX CONCURRENTLY ON that table (those columns)`
          : 'the trigger function does the work: look at what it runs per row (pg_stat_user_functions with track_functions = pl), or make it a statement-level trigger with transition tables',
        group: `trigger-time:${t.name}`,
      });
    }
    const jit = r.jit?.totalMs ?? null;
    if (jit !== null && jit >= 10 && jit >= 0.2 * exec) {
      out.push({
        nodeId: r.root.id,
        category: 'jit-time',
        share: Math.min(1, jit / exec),
        why: `JIT compilation of ${r.jit!.functions} functions took ${jit.toFixed(0)} ms, ${pct(jit / exec)} of the run`,
        fix: `the plan's cost (${Math.round(r.root.totalCost)}) is above jit_above_cost${r.settings.jit_above_cost ? ` (${r.settings.jit_above_cost})` : ''} but the query is short: raise jit_above_cost (and jit_optimize_above_cost, jit_inline_above_cost) above it, or SET jit = off for this role`,
      });
    }
  }
  const plan = r.planningMs;
  if (plan !== null && exec !== null && plan >= 10 && plan >= exec) {
    out.push({
      nodeId: r.root.id,
      category: 'planning-time',
      share: plan / (plan + exec),
      why: `planning took ${plan.toFixed(1)} ms, ${pct(plan / (plan + exec))} of planning plus execution`,
      fix: 'plan once, run many times: a prepared statement (the driver\'s, or PREPARE) reuses its plan; fewer relations per statement (join_collapse_limit, partitions pruned at plan time) make planning cheaper',
    });
  }
  return out;
}

