/**
 * Where a monitor's resident memory is (Linux): /proc/<pid>/smaps summed by kind of mapping,
 * and, for pgwarden, V8's own figures written by a preloaded script (`--heap` on a soak).
 * Issue 18 wants peak RSS at 2000 connections at most 70 MB: this says which part to cut.
 */
import { readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';

/** Resident kB of one kind of mapping. */
export interface MappingGroup {
  group: string;
  rssKb: number;
  anonKb: number;
  mappings: number;
}

/**
 * The kind of a mapping. A WebAssembly memory is an anonymous read-write mapping followed at once
 * by an inaccessible one of gigabytes (V8 reserves 8 GB and more of address space for one, with
 * guard pages, and opens what is used); the other anonymous mappings are V8's heap pages,
 * malloc's arenas, thread stacks and V8's code.
 */
function groupOf(m: Mapping, next: Mapping | undefined, exe: string): string {
  if (m.name === exe) return 'executable file (node + blob)';
  if (m.name === '[heap]') return 'malloc main arena ([heap])';
  if (m.name === '[stack]') return 'main stack';
  if (m.name.startsWith('[')) return 'kernel ([vdso] …)';
  if (m.name.startsWith('/')) return 'other files (libc, libstdc++ …)';
  if (m.perms.startsWith('rw') && next && !next.name && next.start === m.end && next.perms.startsWith('---') && next.end - next.start >= 2 ** 30) return 'anonymous, WebAssembly memory (yoga)';
  // glibc's thread arenas: 64 MB reserved at a 64 MB boundary, opened as they grow.
  const arena = 64 * 2 ** 20;
  if (m.perms.startsWith('rw') && m.start % arena === 0 && next && !next.name && next.start === m.end && next.end - m.start === arena) return 'anonymous, malloc thread arenas';
  return 'anonymous (V8 heap, thread stacks …)';
}

interface Mapping {
  start: number;
  end: number;
  perms: string;
  offset: number;
  name: string;
  rssKb: number;
  anonKb: number;
}

/** /proc/<pid>/smaps, one entry per mapping. */
function mappings(pid: number): Mapping[] {
  const out: Mapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      out.push({ start: parseInt(header[1]!, 16), end: parseInt(header[2]!, 16), perms: header[3]!, offset: parseInt(header[4]!, 16), name: header[5]!.trim(), rssKb: 0, anonKb: 0 });
      continue;
    }
    const field = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
    const m = out.at(-1);
    if (field && m) m[field[1] === 'Rss' ? 'rssKb' : 'anonKb'] += Number(field[2]);
  }
  return out;
}

/** Resident memory of `pid` by kind of mapping, largest first. */
export function smapsBreakdown(pid: number): MappingGroup[] {
  const exe = readlinkSync(`/proc/${pid}/exe`);
  const all = mappings(pid);
  const groups = new Map<string, MappingGroup>();
  all.forEach((m, i) => {
    const group = groupOf(m, all[i + 1], exe);
    const g = groups.get(group) ?? { group, rssKb: 0, anonKb: 0, mappings: 0 };
    g.mappings++;
    g.rssKb += m.rssKb;
    g.anonKb += m.anonKb;
    groups.set(group, g);
  });
  return [...groups.values()].sort((a, b) => b.rssKb - a.rssKb);
}

/** The executable's own mappings (offset in the file, permissions, resident MB): which sections are touched. */
export function exeMappings(pid: number): string[] {
  const exe = readlinkSync(`/proc/${pid}/exe`);
  const mb = (n: number): string => (n / 1024 ** 2).toFixed(1);
  return mappings(pid)
    .filter((m) => m.name === exe)
    .map((m) => `${m.perms} offset ${mb(m.offset)} MB, size ${mb(m.end - m.start)} MB, resident ${(m.rssKb / 1024).toFixed(1)} MB`);
}

export function breakdownTable(groups: MappingGroup[]): string {
  const mb = (kb: number): string => (kb / 1024).toFixed(1);
  const total = groups.reduce((s, g) => s + g.rssKb, 0);
  return [
    '| mappings | resident MB | of which anonymous MB | count |',
    '| --- | --- | --- | --- |',
    ...groups.map((g) => `| ${g.group} | ${mb(g.rssKb)} | ${mb(g.anonKb)} | ${g.mappings} |`),
    `| total | ${mb(total)} | ${mb(groups.reduce((s, g) => s + g.anonKb, 0))} | |`,
  ].join('\n');
}

/**
 * A script for `NODE_OPTIONS=--require`: writes process.memoryUsage() and V8's heap spaces to
 * `file` every 2 s (the single executable honours NODE_OPTIONS like node does).
 */
export function heapProbe(file: string): string {
  const script = `${file}.probe.cjs`;
  writeFileSync(
    script,
    `const fs = require('fs'), v8 = require('v8');
setInterval(() => fs.writeFileSync(${JSON.stringify(file)}, JSON.stringify({
  memoryUsage: process.memoryUsage(),
  spaces: v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size, s.space_used_size, s.physical_space_size]),
  heap: v8.getHeapStatistics(),
}), { mode: 0o600 }), 2000).unref();\n`,
    { mode: 0o600 },
  );
  return script;
}

/** What the probe last wrote, as lines of MB; the probe's files are removed. */
export function heapReport(file: string): string {
  let d: { memoryUsage: NodeJS.MemoryUsage; spaces: Array<[string, number, number, number]>; heap: Record<string, number> };
  try {
    d = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return 'heap probe: nothing written';
  } finally {
    rmSync(file, { force: true });
    rmSync(`${file}.probe.cjs`, { force: true });
  }
  const mb = (b: number): string => (b / 1024 ** 2).toFixed(1);
  const mu = d.memoryUsage;
  return [
    `process.memoryUsage: rss ${mb(mu.rss)}, heapTotal ${mb(mu.heapTotal)}, heapUsed ${mb(mu.heapUsed)}, external ${mb(mu.external)}, arrayBuffers ${mb(mu.arrayBuffers)} MB`,
    `v8 heap: physical ${mb(d.heap.total_physical_size ?? NaN)}, malloced ${mb(d.heap.malloced_memory ?? NaN)} (peak ${mb(d.heap.peak_malloced_memory ?? NaN)}), limit ${mb(d.heap.heap_size_limit ?? NaN)} MB`,
    ...d.spaces.filter(([, size]) => size > 0).map(([name, size, used, phys]) => `  ${name}: size ${mb(size)}, used ${mb(used)}, physical ${mb(phys)} MB`),
  ].join('\n');
}
