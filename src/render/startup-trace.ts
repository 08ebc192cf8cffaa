/**
 * Where the time between exec and the first populated frame goes, for `npm run bench -- --startup`.
 * Off unless PGWARDEN_STARTUP_TRACE names a file: then each phase's end (ms since the process
 * started, Node's own clock) is written there as JSON once the first frame after the first
 * refresh has been handed to the terminal. Costs one environment read when off.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const marks: Array<[string, number]> = [];
/** Read at the first mark, not at load: the single executable evaluates this module when it is built. */
let file: string | undefined;
let done: boolean | undefined;

/** Records that a phase of the start-up ended now. */
export function mark(phase: string): void {
  if (done === undefined) {
    file = process.env.PGWARDEN_STARTUP_TRACE;
    done = !file;
  }
  if (!done) marks.push([phase, performance.now()]);
}

/** Called for every frame: the first one after the first refresh ends the trace. */
export function frameWritten(): void {
  if (done !== false || !marks.some(([p]) => p === 'first refresh')) return;
  mark('first frame');
  done = true;
  const t = performance.nodeTiming;
  // A benchmark's file, not the operator's: still private like everything pgwarden writes.
  // The process's CPU time too: wall-clock phases move with the machine's load, this much less.
  const cpu = process.cpuUsage();
  // hrOffsetUs: the monotonic clock (µs, as a --cpu-prof profile's timestamps) at this clock's 0, to
  // place a profile's samples in the phases. externalMb: V8's external memory, which counts toward
  // starting a full collection (yoga's WebAssembly memory is there: scripts/dist.mjs, yoga-small-memory).
  const hrOffsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  const externalMb = process.memoryUsage().external / 1e6;
  writeFileSync(file!, JSON.stringify({ nodeStartMs: t.nodeStart, v8StartMs: t.v8Start, bootstrapMs: t.bootstrapComplete, cpuMs: (cpu.user + cpu.system) / 1000, marks, hrOffsetUs, externalMb }), { mode: 0o600 });
}
