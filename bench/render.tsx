/**
 * Frame render time of the activity pane with many rows, in-process: the App rendered by
 * ink-testing-library (ink's own renderer, writing each frame to an in-memory stream), a new
 * snapshot pushed per frame, the time measured until the frame is written.
 */
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../src/App';
import type { AppEffects } from '../src/screens/effects';
import { makeTheme, ThemeProvider } from '../src/components/theme';
import type { Snapshot } from '../src/data/collector';
import type { Backend } from '../src/data/collectors/activity';
import type { Capabilities } from '../src/data/server';
import { DEFAULT_KEYMAP } from '../src/keys/keymap';
import { Store } from '../src/state/store';
import { percentile } from './proc';
import { trusted } from '../src/text/sanitize';

const NOW_S = 1_700_000_000;
const STATES = ['active', 'idle', 'idle in transaction', 'active', 'active'] as const;

const caps: Capabilities = {
  major: 18, versionNum: 180004, version: '18.4', startedAt: NOW_S - 86400, inRecovery: false, currentUser: 'postgres', database: 'postgres',
  isSuperuser: true, readAllStats: true, signalBackend: true, maxConnections: 10_100, reservedConnections: 3, trackActivityQuerySize: 1024,
  blockSize: 8192, sharedPreloadLibraries: ['pg_stat_statements'], serverEncoding: 'UTF8', pgssSchema: 'public', pgssVersion: '1.12',
};

function backends(n: number, frame: number): Backend[] {
  return Array.from({ length: n }, (_, i) => {
    const pid = 10_000 + i;
    return {
      key: `${pid}:${NOW_S - 1000}`, pid, backendStart: NOW_S - 1000, database: `db${i % 7}`, user: `app${i % 13}`, application: `svc-${i % 29}`,
      clientAddr: `10.0.${i % 250}.${i % 199}`, clientHostname: null, clientPort: 40_000 + (i % 20_000), backendType: 'client backend',
      state: STATES[i % STATES.length]!, waitEventType: i % 11 === 0 ? 'Lock' : null, waitEvent: i % 11 === 0 ? 'transactionid' : null,
      xactStart: NOW_S - ((i * 7 + frame) % 5000), queryStart: NOW_S - ((i * 3 + frame) % 3000), stateChange: NOW_S - (i % 100),
      backendXid: null, backendXmin: null, xminAge: null, leaderPid: null, queryId: null, blockedBy: i % 11 === 0 ? [pid - 1] : null,
      query: `SELECT * FROM orders WHERE user_id = ${i} AND created_at > now() - interval '${frame % 30} days'`,
      partial: false,
    } as Backend;
  });
}

function snapshot(rows: Backend[], seq: number): Snapshot {
  const at = (NOW_S + seq) * 1000;
  return {
    seq,
    takenAt: at,
    tickMs: 10,
    results: {
      summary: {
        state: 'ok',
        at,
        ms: 1,
        data: {
          takenAt: NOW_S + seq, inRecovery: false, clientTotal: rows.length, active: 0, idle: 0, idleInXact: 0, otherState: 0, background: 5,
          longestXactS: 65, oldestXminAge: 1234, xacts: 1000 * seq, blksHit: 990 * seq, blksRead: 10 * seq, statsReset: null,
        },
      },
      activity: { state: 'ok', data: rows, at, ms: 5 },
    },
  };
}

/**
 * The App drawn at 200x50 by ink-testing-library from `store` (the frame benchmarks' screen);
 * `nextWrite()` resolves when ink writes its next frame.
 */
export function drawApp(store: Store): { nextWrite(): Promise<void>; unmount(): void } {
  const noop = (): void => undefined;
  const effects: AppEffects = { quit: noop, refresh: noop, setInterval: noop, setPlan: noop, copy: () => trusted('') };
  const r = render(
    <ThemeProvider theme={makeTheme({ color: true, unicode: true })}>
      <App store={store} target="bench" readOnly={false} keymap={DEFAULT_KEYMAP} size={{ columns: 200, rows: 50 }} effects={effects} />
    </ThemeProvider>,
  );
  const stdout = r.stdout as unknown as { write: (frame: string) => void };
  const original = stdout.write.bind(stdout);
  let written: (() => void) | undefined;
  stdout.write = (frame: string) => {
    original(frame);
    written?.();
  };
  return { nextWrite: () => new Promise<void>((resolve) => (written = resolve)), unmount: () => r.unmount() };
}

/** Renders `frames` frames of the activity pane with `rows` rows at 200x50; times in ms. */
export async function renderBench(rows = 10_000, frames = 120): Promise<{ rows: number; frames: number; p50: number; p99: number }> {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot(backends(rows, 0), 1));
  const app = drawApp(store);
  // Each frame's rows are built just before it is timed, as a refresh brings them: the measure is
  // the UI's work, not the fixture's, and the heap holds what a running monitor holds (one or two
  // snapshots, not every frame's). The first frames warm up the JIT and are not counted.
  const times: number[] = [];
  for (let i = 0; i < frames + 5; i++) {
    const next = snapshot(backends(rows, i + 1), i + 2);
    await new Promise((resolve) => setImmediate(resolve));
    const done = app.nextWrite();
    const t0 = performance.now();
    store.pushSnapshot(next);
    // A frame identical to the previous one is not written again: do not wait for it forever.
    if (await Promise.race([done.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), 2000))])) {
      if (i >= 5) times.push(performance.now() - t0);
    }
  }
  app.unmount();
  return { rows, frames: times.length, p50: percentile(times, 50), p99: percentile(times, 99) };
}
