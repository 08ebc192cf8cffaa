/**
 * The live rewind's CPU per refresh at 2000 backends, in process: the synthetic refreshes of
 * bench/rewindSoak.ts pushed into a RewindBuffer, the process's CPU counted around the pushes
 * only (not the making of the snapshots). `node bench/rewindCost.mjs [refreshes] [backends] [moving]`:
 * with `moving`, only the first that many backends change as the soak's do, and the others keep
 * their object for the whole run (as bench/load.ts's idle and sleeping sessions do).
 */
import type { CollectorResult, Snapshot } from '../src/data/collector';
import { RewindBuffer } from '../src/rewind/buffer';
import { snapshotAt } from './rewindSoak';

const refreshes = Number(process.argv[2] ?? 900);
const backends = Number(process.argv[3] ?? 2000);
const moving = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const WARM = 60;
const buffer = new RewindBuffer();
const rowsOf = (s: Snapshot) => (s.results.activity as { data: unknown[] }).data;
function refresh(i: number, prev: Snapshot | undefined): Snapshot {
  const s = snapshotAt(i, backends, prev);
  if (moving === undefined || !prev) return s;
  const before = rowsOf(prev);
  const rows = rowsOf(s).map((r, k) => (k < moving ? r : before[k]));
  return { ...s, results: { activity: { ...s.results.activity!, data: rows } as CollectorResult } };
}
let shown: Snapshot | undefined;
let cpuUs = 0;
for (let i = 0; i < WARM + refreshes; i++) {
  const s = refresh(i, shown);
  const c0 = process.cpuUsage();
  buffer.push(s, []);
  const c = process.cpuUsage(c0);
  if (i >= WARM) cpuUs += c.user + c.system;
  shown = s;
}
// A check that what was held still decodes: the newest snapshot read back equals the one pushed.
const back = JSON.stringify(buffer.at(buffer.length - 1).results);
if (back !== JSON.stringify(shown!.results)) throw new Error('the newest snapshot does not read back the same');
(globalThis as { gc?: () => void }).gc?.();
const mem = process.memoryUsage();
process.stdout.write(
  `${refreshes} refreshes of ${backends} backends: ${(cpuUs / 1000 / refreshes).toFixed(3)} ms CPU per push, ${(buffer.bytes / buffer.length / 1024).toFixed(2)} kB per refresh held (${buffer.length} in ${(buffer.bytes / 2 ** 20).toFixed(2)} MB); RSS ${(mem.rss / 2 ** 20).toFixed(1)} MB, heap ${(mem.heapUsed / 2 ** 20).toFixed(1)} MB\n`,
);
