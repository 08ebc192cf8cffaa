/**
 * EXPLAIN's text format → the JSON format's shape, so one builder (parse.ts) makes the same tree
 * from both. What text cannot say is left out and reported: parent relationships are inferred
 * (a join's first child is its outer side), and per-worker figures are not read.
 */
import { PlanInputError } from './input-error';

type Json = Record<string, unknown>;

const NODE = /^(.*?)\s{2}\((?:cost=([\d.]+)\.\.([\d.]+) rows=(\d+) width=(\d+))\)(?:\s+\((?:actual (?:time=([\d.]+)\.\.([\d.]+) )?rows=([\d.]+) loops=(\d+)|(never executed))\))?\s*$/;
const NODE_ANALYZE_ONLY = /^(.*?)\s{2}\((?:actual (?:time=([\d.]+)\.\.([\d.]+) )?rows=([\d.]+) loops=(\d+)|(never executed))\)\s*$/;

const JOIN_TYPES = ['Left', 'Right', 'Full', 'Semi', 'Anti', 'Right Semi', 'Right Anti', 'Left Anti'];
const AGG: Record<string, string> = { HashAggregate: 'Hashed', GroupAggregate: 'Sorted', MixedAggregate: 'Mixed', Aggregate: 'Plain' };
const MODIFY = new Set(['Insert', 'Update', 'Delete', 'Merge']);

/** "Parallel Hash Right Anti Join", "Index Scan Backward using i on public.t a" → node properties. */
function describe(label: string): Json {
  const out: Json = {};
  let s = label.trim();
  if (s.startsWith('Parallel ')) {
    out['Parallel Aware'] = true;
    s = s.slice(9);
  }
  for (const mode of ['Partial', 'Finalize'] as const) {
    if (s.startsWith(`${mode} `)) {
      out['Partial Mode'] = mode;
      s = s.slice(mode.length + 1);
    }
  }
  let target: string | null = null;
  const using = / using (\S+)(?: on (.+))?$/.exec(s);
  if (using) {
    out['Index Name'] = using[1];
    target = using[2] ?? null;
    s = s.slice(0, using.index);
  } else {
    const on = / on (.+)$/.exec(s);
    if (on) {
      target = on[1]!;
      s = s.slice(0, on.index);
    }
  }
  if (s.endsWith(' Backward')) {
    out['Scan Direction'] = 'Backward';
    s = s.slice(0, -9);
  }
  const join = /^(Hash|Merge|Nested Loop)(?: (.+?))? Join$/.exec(s) ?? /^(Nested Loop)(?: (.+?) Join)?$/.exec(s);
  if (join) {
    out['Node Type'] = join[1] === 'Nested Loop' ? 'Nested Loop' : `${join[1]} Join`;
    out['Join Type'] = join[2] && JOIN_TYPES.includes(join[2]) ? join[2] : 'Inner';
  } else if (AGG[s]) {
    out['Node Type'] = 'Aggregate';
    out.Strategy = AGG[s];
  } else if (s === 'HashSetOp' || s === 'SetOp') {
    out['Node Type'] = 'SetOp';
    out.Strategy = s === 'HashSetOp' ? 'Hashed' : 'Sorted';
  } else if (MODIFY.has(s)) {
    out['Node Type'] = 'ModifyTable';
    out.Operation = s;
  } else out['Node Type'] = s;
  const type = out['Node Type'];
  if (target) {
    const [name, alias] = target.split(/\s+/, 2) as [string, string | undefined];
    if (type === 'Bitmap Index Scan') out['Index Name'] = name;
    else if (type === 'CTE Scan') out['CTE Name'] = name;
    else if (type === 'Function Scan') out['Function Name'] = name.replace(/^.*\./, '');
    else if (type === 'Subquery Scan') out.Alias = name;
    else {
      const dot = name.lastIndexOf('.');
      out['Relation Name'] = dot > 0 ? name.slice(dot + 1) : name;
      if (dot > 0) out.Schema = name.slice(0, dot);
    }
    if (alias) out.Alias = alias;
    else if (type !== 'Subquery Scan' && out['Relation Name']) out.Alias = out['Relation Name'];
  }
  return out;
}

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/** Splits "a, b, (c, d)" at top-level commas. */
function splitList(v: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(v.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(v.slice(start).trim());
  return out.filter(Boolean);
}

/** `k=v` pairs in a counters line: "exact=12 lossy=3", "shared hit=1 read=2, temp written=4". */
function pairs(v: string, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  let scope = prefix;
  for (const part of v.split(/,\s*/)) {
    for (const tok of part.trim().split(/\s+/)) {
      const m = /^([\w-]+)=([\d.]+)/.exec(tok);
      if (m) out[`${scope}${m[1]}`] = Number(m[2]);
      else scope = `${tok} `;
    }
  }
  return out;
}

const SIMPLE = new Set([
  'Filter', 'Index Cond', 'Recheck Cond', 'Join Filter', 'Hash Cond', 'Merge Cond', 'Run Condition', 'Cache Key', 'Cache Mode',
  'One-Time Filter', 'TID Cond', 'Presorted Key', 'Group Key', 'Relation', 'Conflict Resolution', 'Storage',
]);
const COUNTS: Record<string, string> = {
  'Rows Removed by Filter': 'Rows Removed by Filter',
  'Rows Removed by Join Filter': 'Rows Removed by Join Filter',
  'Rows Removed by Index Recheck': 'Rows Removed by Index Recheck',
  'Heap Fetches': 'Heap Fetches',
  'Workers Planned': 'Workers Planned',
  'Workers Launched': 'Workers Launched',
};

/** One "Key: value" line under a node, into the node's JSON properties. */
function property(node: Json, key: string, value: string): void {
  if (SIMPLE.has(key)) node[key] = value;
  else if (COUNTS[key]) node[COUNTS[key]] = Number(value);
  else if (key === 'Output' || key === 'Sort Key') node[key] = splitList(value);
  else if (key === 'Heap Blocks') {
    const p = pairs(value);
    if (p.exact !== undefined) node['Exact Heap Blocks'] = p.exact;
    if (p.lossy !== undefined) node['Lossy Heap Blocks'] = p.lossy;
  } else if (key === 'Sort Method') {
    const m = /^(.+?)\s+(Memory|Disk):\s*(\d+)kB/.exec(value);
    node['Sort Method'] = m ? m[1] : value;
    if (m) {
      node['Sort Space Type'] = m[2];
      node['Sort Space Used'] = Number(m[3]);
    }
  } else if (key === 'Buckets' || key === 'Batches' || key === 'Hits' || key === 'Planned Partitions') {
    const text = `${key}: ${value}`;
    const b = /Batches: (\d+)(?: \(originally (\d+)\))?/.exec(text);
    const mem = /Memory Usage: (\d+)kB/.exec(text);
    const disk = /Disk Usage: (\d+)kB/.exec(text);
    if (key === 'Hits') {
      const h = /Hits: (\d+)\s+Misses: (\d+)\s+Evictions: (\d+)\s+Overflows: (\d+)/.exec(text);
      if (h) Object.assign(node, { 'Cache Hits': +h[1]!, 'Cache Misses': +h[2]!, 'Cache Evictions': +h[3]!, 'Cache Overflows': +h[4]! });
    } else if (b) {
      if (node['Node Type'] === 'Hash') {
        node['Hash Batches'] = Number(b[1]);
        node['Original Hash Batches'] = Number(b[2] ?? b[1]);
      } else node['HashAgg Batches'] = Number(b[1]);
    }
    if (mem) node['Peak Memory Usage'] = Number(mem[1]);
    if (disk) node['Disk Usage'] = Number(disk[1]);
  } else if (key === 'Buffers') {
    const p = pairs(value);
    const map: Record<string, string> = {
      'shared hit': 'Shared Hit Blocks', 'shared read': 'Shared Read Blocks', 'shared dirtied': 'Shared Dirtied Blocks', 'shared written': 'Shared Written Blocks',
      'local hit': 'Local Hit Blocks', 'local read': 'Local Read Blocks', 'temp read': 'Temp Read Blocks', 'temp written': 'Temp Written Blocks',
    };
    node['Shared Hit Blocks'] = 0;
    for (const [k, v] of Object.entries(p)) if (map[k]) node[map[k]] = v;
  } else if (key === 'I/O Timings') {
    // 17+: "shared read=1.2 write=0.3, temp read=…"; before: "read=1.2 write=0.3".
    const p = pairs(value);
    const read = (p['shared read'] ?? p.read ?? 0) + (p['local read'] ?? 0) + (p['temp read'] ?? 0);
    node['I/O Read Time'] = read;
  } else node[key] = value;
}

/** Lines of a text-format plan (psql frame and log prefixes already removed) → EXPLAIN JSON's shape. */
export function textPlanToJson(lines: string[]): Json {
  const top: Json = {};
  const stack: { node: Json; indent: number }[] = [];
  let pendingSub: { name: string; rel: string; indent: number } | null = null;
  let block: 'JIT' | 'Planning' | 'Triggers' | null = null;
  // Inside a "Worker N:" block: its figures are one process's, not the node's.
  let workerIndent = -1;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) return;
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    const arrow = text.startsWith('->');
    if (workerIndent >= 0 && indent > workerIndent && !arrow) return;
    workerIndent = -1;
    if (/^Worker \d+:/.test(text)) {
      workerIndent = indent;
      return;
    }
    const body = arrow ? text.replace(/^->\s*/, '') : text;
    const m = NODE.exec(body);
    const ma = m ? null : NODE_ANALYZE_ONLY.exec(body);
    if ((m || ma) && (arrow || stack.length === 0)) {
      block = null;
      const node: Json = describe((m ?? ma)![1]!);
      if (m) {
        Object.assign(node, { 'Startup Cost': num(m[2]), 'Total Cost': num(m[3]), 'Plan Rows': num(m[4]), 'Plan Width': num(m[5]) });
        if (m[10]) Object.assign(node, { 'Actual Rows': 0, 'Actual Loops': 0 });
        else if (m[8] !== undefined) Object.assign(node, { 'Actual Startup Time': num(m[6]), 'Actual Total Time': num(m[7]), 'Actual Rows': num(m[8]), 'Actual Loops': num(m[9]) });
      } else if (ma) {
        if (ma[6]) Object.assign(node, { 'Actual Rows': 0, 'Actual Loops': 0 });
        else Object.assign(node, { 'Actual Startup Time': num(ma[2]), 'Actual Total Time': num(ma[3]), 'Actual Rows': num(ma[4]), 'Actual Loops': num(ma[5]) });
      }
      const content = arrow ? indent + 4 : indent;
      while (stack.length && stack[stack.length - 1]!.indent >= content) stack.pop();
      const parent = stack[stack.length - 1]?.node;
      if (!parent && top.Plan) throw new PlanInputError('one plan tree (a second root node)', i + 1, text);
      if (parent) {
        const kids = (parent.Plans as Json[] | undefined) ?? (parent.Plans = []);
        if (pendingSub && pendingSub.indent + 2 === indent) {
          node['Parent Relationship'] = pendingSub.rel;
          node['Subplan Name'] = pendingSub.name;
        } else {
          const regular = kids.filter((k) => k['Parent Relationship'] !== 'InitPlan' && k['Parent Relationship'] !== 'SubPlan').length;
          const joinish = /Join|Nested Loop/.test(String(parent['Node Type']));
          node['Parent Relationship'] = /Append/.test(String(parent['Node Type'])) ? 'Member' : joinish && regular === 1 ? 'Inner' : 'Outer';
        }
        kids.push(node);
      } else top.Plan = node;
      pendingSub = null;
      stack.push({ node, indent: content });
      return;
    }
    const sub = /^(InitPlan|SubPlan|CTE)\s+(.+?)(?:\s+\(returns .*\))?$/.exec(text);
    if (sub && stack.length) {
      pendingSub = { rel: sub[1] === 'SubPlan' ? 'SubPlan' : 'InitPlan', name: sub[1] === 'CTE' ? `CTE ${sub[2]}` : `${sub[1]} ${sub[2]}`, indent };
      while (stack.length && stack[stack.length - 1]!.indent + 2 > indent) stack.pop();
      return;
    }
    const kv = /^([A-Za-z/][\w /-]*?):\s*(.*)$/.exec(text);
    if (kv && indent === 0 && !arrow) {
      const [, key, value] = kv as unknown as [string, string, string];
      stack.length = 0;
      block = null;
      if (key === 'Planning Time' || key === 'Execution Time') top[key] = Number.parseFloat(value);
      else if (key === 'Settings') top.Settings = Object.fromEntries(splitList(value).map((p) => { const [k, ...v] = p.split(' = '); return [k!.trim(), v.join(' = ').replace(/^'|'$/g, '')]; }));
      else if (key === 'JIT') { top.JIT = { Functions: 0, Timing: {} }; block = 'JIT'; }
      else if (key === 'Planning') block = 'Planning';
      else if (/^Trigger /.test(key)) {
        const t = /time=([\d.]+) calls=(\d+)/.exec(value);
        const fk = key.startsWith('Trigger for constraint ');
        const name = key.replace(/^Trigger (for constraint )?/, '');
        const on = / on (\S+)$/.exec(name);
        const bare = on ? name.slice(0, on.index) : name;
        ((top.Triggers as Json[] | undefined) ?? (top.Triggers = [])).push({
          // Text names a foreign key's trigger by its constraint only.
          'Trigger Name': fk ? `RI_ConstraintTrigger for ${bare}` : bare,
          ...(fk ? { 'Constraint Name': bare } : {}),
          ...(on ? { Relation: on[1] } : {}),
          Time: t ? Number(t[1]) : 0,
          Calls: t ? Number(t[2]) : 0,
        });
      }
      return;
    }
    if (kv && block === 'JIT') {
      const [, key, value] = kv as unknown as [string, string, string];
      const jit = top.JIT as Json;
      if (key === 'Functions') jit.Functions = Number(value);
      const total = /Total ([\d.]+) ms/.exec(value);
      if (key === 'Timing' && total) (jit.Timing as Json).Total = Number(total[1]);
      return;
    }
    if (block === 'Planning') return;
    if (kv && stack.length) {
      while (stack.length > 1 && stack[stack.length - 1]!.indent + 2 > indent) stack.pop();
      const [, key, value] = kv as unknown as [string, string, string];
      property(stack[stack.length - 1]!.node, key, value);
      return;
    }
    // Anything else the text adds is skipped.
    if (!stack.length && !top.Plan) throw new PlanInputError('a plan node line such as "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)"', i + 1, text);
  });
  if (!top.Plan) throw new PlanInputError('a plan node line such as "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)"', lines.length, lines[lines.length - 1] ?? '');
  return top;
}
