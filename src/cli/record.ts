/**
 * `pgwarden record --out FILE`: the flight recorder without a terminal, for a cron job or a
 * systemd unit on the bastion. It reads the collectors of every pane (those `snapshot --json`
 * reads), each at its own cadence (a collector's everyMs), through the monitor's poller, and
 * writes each snapshot to FILE as it arrives (src/recorder). It ends after --duration, or on
 * SIGINT/SIGTERM, with everything recorded on disk; a lost connection is retried like the
 * monitor does, and the snapshots after it are marked so rates start over there.
 */
import { existsSync } from 'node:fs';
import type { Collector, Snapshot } from '../data/collector';
import type { Capabilities } from '../data/server';
import type { Session } from '../data/db';
import { classify } from '../data/errors';
import { Poller } from '../data/poller';
import { probe } from '../data/server';
import { parseSeconds, parseSize } from '../prefs/values';
import { rotateFiles, RecordingWriter } from '../recorder/writer';
import { safeLine } from '../text/sanitize';
import { errorLines } from '../text/lines';
import { SECTIONS } from './snapshot';

export interface RecordFlags {
  out?: string;
  duration?: string;
  interval?: string;
  maxSize?: string;
  rotate?: number;
  normalizeQueries?: boolean;
}

export interface RecordPlan {
  out: string;
  durationMs?: number;
  intervalMs: number;
  maxBytes?: number;
  keep?: number;
  normalize: boolean;
}

/** A duration flag: "1h", "90s", "500ms", or plain seconds. */
const seconds = (v: string): number | undefined => parseSeconds(/^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v);

/** Checks the flags before connecting; a string is the usage error to report. */
export function recordPlan(f: RecordFlags, defaultIntervalS: number): RecordPlan | string {
  if (!f.out) return 'record needs --out FILE (e.g. "pgwarden record --out incident.pgwrec --duration 1h")';
  const interval = f.interval === undefined ? defaultIntervalS : seconds(f.interval);
  if (interval === undefined || interval < 0.5 || interval > 60) return '--interval must be between 0.5 and 60 seconds (e.g. 1s, 2s, 500ms)';
  let durationMs: number | undefined;
  if (f.duration !== undefined) {
    const d = seconds(f.duration);
    if (d === undefined || d <= 0) return '--duration must be a positive duration (e.g. 90s, 15m, 1h)';
    durationMs = d * 1000;
  }
  let maxBytes: number | undefined;
  if (f.maxSize !== undefined) {
    maxBytes = parseSize(/^\s*\d+\s*$/.test(f.maxSize) ? Number(f.maxSize) : f.maxSize);
    if (maxBytes === undefined || maxBytes < 1024) return '--max-size must be a size of at least 1kB (e.g. 100MB)';
  }
  if (f.rotate !== undefined && (!Number.isInteger(f.rotate) || f.rotate < 1 || f.rotate > 1000)) return '--rotate must be a whole number of files from 1 to 1000';
  if (f.rotate !== undefined && maxBytes === undefined) return '--rotate N goes with --max-size SIZE (the size at which FILE becomes FILE.1)';
  const keep = maxBytes !== undefined ? (f.rotate ?? 1) : undefined;
  if (existsSync(f.out) && keep === undefined) return `${f.out} exists: remove it, or give --max-size and --rotate N to keep it as ${f.out}.1`;
  return { out: f.out, durationMs, intervalMs: interval * 1000, maxBytes, keep, normalize: Boolean(f.normalizeQueries) };
}

export interface RecordRun {
  plan: RecordPlan;
  session: Session;
  server: string;
  serverKey: string;
  describe: string;
  version: string;
  /** Where progress lines go (stderr). */
  log: (line: string) => void;
  /** Resolves when the recording should end (signals; tests). */
  stop?: Promise<unknown>;
}

/**
 * How often a recording reads a pane that nobody is looking at, where once a refresh costs more
 * than it tells: the xmin horizon's holders (~6 ms of server CPU per read at 2000 backends) move
 * slowly, and lock counts and maintenance progress are read for their trend. The lock tree is read
 * every refresh, but not queried while the activity rows show nobody waiting (locksCollector).
 * On screen (the monitor with --record), a pane is read every refresh as usual.
 */
export const RECORD_CADENCE_MS: Readonly<Record<string, number>> = { horizon: 10_000, locks_summary: 5_000, progress: 5_000 };

const cadenced = new Map<Collector, Collector>();

/** What a recording reads: the collectors of every pane (those `snapshot --json` reads), at the recording's cadence. */
export function recordedCollectors(): Collector[] {
  return [...new Set(SECTIONS.flatMap((s) => s.collectors))].map((c) => {
    const every = RECORD_CADENCE_MS[c.id];
    if (!every) return c;
    // One object per collector: the poller tells a new plan from a repeat by identity.
    let w = cadenced.get(c);
    if (!w) cadenced.set(c, (w = { ...c, everyMs: Math.max(c.everyMs ?? 0, every) }));
    return w;
  });
}

/** Opens the recording (rotating an existing FILE first when --max-size allows it). Throws when the file cannot be created. */
export function openWriter(plan: RecordPlan, w: { version: string; caps: Capabilities; server: string; serverKey: string; collectors: Collector[] }): RecordingWriter {
  if (plan.keep !== undefined && existsSync(plan.out)) rotateFiles(plan.out, plan.keep);
  return new RecordingWriter({
    path: plan.out,
    header: { pgwarden: w.version, startedAt: Date.now(), intervalMs: plan.intervalMs, caps: w.caps, server: w.server, serverKey: w.serverKey, normalizedQueries: plan.normalize, collectors: w.collectors.map((c) => c.id) },
    maxBytes: plan.maxBytes,
    keep: plan.keep,
  });
}

/** Records until the duration is up or `stop` resolves; returns the exit code. */
export async function runRecord(r: RecordRun): Promise<number> {
  const { plan } = r;
  let caps;
  try {
    caps = await probe(r.session);
  } catch (err) {
    await r.session.close();
    r.log(`${r.describe}: ${classify(err).message}`);
    return 2;
  }
  const collectors = recordedCollectors();
  let writer: RecordingWriter;
  try {
    writer = openWriter(plan, { version: r.version, caps, server: r.server, serverKey: r.serverKey, collectors });
  } catch (err) {
    await r.session.close();
    r.log(`${plan.out}: ${(err as Error).message}`);
    return 2;
  }
  let failed: string | undefined;
  let done!: () => void;
  const finished = new Promise<void>((res) => (done = res));
  let lost = false;
  const poller = new Poller(r.session, {
    snapshot: (s: Snapshot) => {
      try {
        writer.append(s);
      } catch (err) {
        // A full disk or a removed directory: stop rather than poll for nothing.
        failed = `${plan.out}: ${(err as Error).message}`;
        done();
      }
    },
    status: (s) => {
      if (s.state === 'lost' && !lost) {
        lost = true;
        writer.markGap();
        r.log(`${r.describe}: connection lost (${safeLine(s.failure.message)}); reconnecting`);
      } else if (s.state === 'ready' && lost) {
        lost = false;
        r.log(`${r.describe}: connected again; recording goes on`);
      }
    },
  });
  poller.prime(caps);
  poller.setInterval(plan.intervalMs);
  poller.setPlan(collectors);
  const timer = plan.durationMs === undefined ? undefined : setTimeout(done, plan.durationMs);
  void r.stop?.then(() => done());
  poller.start();
  await finished;
  if (timer) clearTimeout(timer);
  await poller.stop();
  writer.close();
  await r.session.close();
  if (failed) {
    r.log(failed);
    return 1;
  }
  r.log(`recorded ${writer.records} snapshots (${writer.totalBytes} bytes) to ${plan.out}`);
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM (the recording then ends cleanly, exit 0). */
export function onStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (sig: string) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(sig);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export const logLine = (line: string): void => void process.stderr.write(errorLines(line));
