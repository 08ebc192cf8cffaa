/**
 * The live rewind's CPU per refresh at 2000 backends, in process: the synthetic refreshes of
 * bench/rewindSoak.ts pushed into a RewindBuffer, the process's CPU counted around the pushes
 * only (not the making of the snapshots). `node bench/rewindCost.mjs [refreshes] [backends]`.
 */
import type { Snapshot } from '../src/data/collector';
import { RewindBuffer } from '../src/rewind/buffer';
import { snapshotAt } from './rewindSoak';

const refreshes = Number(process.argv[2] ?? 900);
const backends = Number(process.argv[3] ?? 2000);
const WARM = 60;
const buffer = new RewindBuffer();
let shown: Snapshot | undefined;
let cpuUs = 0;
let bytes = 0;
for (let i = 0; i < WARM + refreshes; i++) {
  const s = snapshotAt(i, backends, shown);
  const before = buffer.bytes;
  const c0 = process.cpuUsage();
  buffer.push(s, []);
  const c = process.cpuUsage(c0);
  if (i >= WARM) {
    cpuUs += c.user + c.system;
    bytes += buffer.bytes - before;
  }
  shown = s;
}
// A check that what was held still decodes: the newest snapshot read back equals the one pushed.
const back = JSON.stringify(buffer.at(buffer.length - 1).results);
if (back !== JSON.stringify(shown!.results)) throw new Error('the newest snapshot does not read back the same');
process.stdout.write(`${refreshes} refreshes of ${backends} backends: ${(cpuUs / 1000 / refreshes).toFixed(3)} ms CPU per push, ${(bytes / refreshes / 1024).toFixed(2)} kB per refresh (held ${buffer.length} in ${(buffer.bytes / 2 ** 20).toFixed(2)} MB)\n`);
