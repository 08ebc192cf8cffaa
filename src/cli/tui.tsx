/**
 * The interactive monitor: wires the poller to the store and the App, on the terminal fullscreen.tsx owns.
 */
import { executeFix, FIX_STATEMENT_TIMEOUT_MS } from '../checklists/execute';
import { NO_ANSWER_GRACE_MS } from './connect';
import React from 'react';
import { App } from '../App';
import type { AppEffects } from '../screens/effects';
import type { Collector } from '../data/collector';
import { Poller } from '../data/poller';
import type { Capabilities } from '../data/server';
import type { Session } from '../data/db';
import { DEFAULT_KEYMAP } from '../keys/keymap';
import { Store } from '../state/store';
import { initialUi, type TableState } from '../state/ui';
import type { Thresholds } from '../problems/thresholds';
import { deriveUi } from '../screens/registry';
import { actionEffect } from '../actions/wire';
import { createExplainService } from '../explain/service';
import { BouncerPoller } from '../data/pgbouncer/poller';
import { mark } from '../render/startup-trace';
import { copyToClipboard, startFullScreen, type FullScreen } from './fullscreen';
import { liveRewind } from '../rewind/live';
import { tuiRecorder, type TuiRecording } from './tuiRecord';
import type { RewindBudget } from '../rewind/buffer';

const FIX_DEADLINE_MS = FIX_STATEMENT_TIMEOUT_MS + NO_ANSWER_GRACE_MS;

export interface TuiOptions {
  poll: Session;
  action: Session;
  /** Probed before the screen was taken: the first refresh uses it instead of probing again. */
  caps?: Capabilities;
  target: string;
  readOnly: boolean;
  intervalMs: number;
  color: boolean;
  unicode: boolean;
  /** The preferences file's palette for light backgrounds. */
  light?: boolean;
  /** The limits problems, header markers and pane colours are judged by (defaults, then the preferences file). */
  thresholds?: Thresholds;
  /** Tables' initial states (the preferences file's default sorts). */
  tables?: Record<string, TableState>;
  /** Per pane: columns never shown (the preferences file's hidden_columns). */
  hiddenColumns?: Readonly<Record<string, readonly string[]>>;
  helpNotes?: string[];
  /** The target is PgBouncer's admin console: its reader replaces the PostgreSQL poller. */
  bouncer?: boolean;
  /** The rewind buffer's budget (the preferences file's rewind_memory and rewind_window). */
  rewind?: RewindBudget;
  /** --record FILE: the recording opened before the screen was taken. */
  record?: TuiRecording;
  /** Extra components mounted in the ink tree (the demo's drills menu); they render nothing or overlays. */
  addon?: (store: Store) => React.ReactElement | null;
}

/** Runs the monitor until the operator quits or a signal ends it. Resolves with the exit code. */
export async function runTui(opts: TuiOptions): Promise<number> {
  const out = process.stdout;
  const store = new Store(initialUi({ intervalMs: opts.intervalMs, tables: opts.tables, ...(opts.bouncer ? { screen: 'pgbouncer' } : {}) }), { thresholds: opts.thresholds });
  store.setDerive((s) => deriveUi(s, Date.now()));
  const rewind = liveRewind(store, opts.rewind);
  const recorder = opts.record ? tuiRecorder(opts.record, (text) => store.dispatch({ type: 'toast', text, at: Date.now() })) : undefined;
  // Resolved by the next snapshot: an action reports the backend's state after it.
  const snapshotWaiters = new Set<() => void>();
  const waiters = () => {
    for (const fn of [...snapshotWaiters]) fn();
  };
  const bouncerPoller = opts.bouncer
    ? new BouncerPoller(opts.poll, {
        snapshot: (s) => {
          store.pushBouncer(s);
          waiters();
        },
        status: (s) => store.setStatus(s, undefined),
      })
    : undefined;
  const pgPoller = new Poller(
    opts.poll,
    {
      snapshot: (s) => {
        mark('first refresh');
        recorder?.append(s);
        rewind.push(s, store.pushSnapshot(s));
        for (const fn of [...snapshotWaiters]) fn();
      },
      status: (s, caps) => {
        if (s.state === 'lost') {
          rewind.gap();
          recorder?.gap();
        }
        store.setStatus(s, caps);
      },
      overdue: (o) => store.setOverdue(o),
    },
    () => opts.action.pids(),
  );
  // PgBouncer's console has no PostgreSQL panes to plan: plans are kept for the PostgreSQL poller only.
  const poller = bouncerPoller ?? pgPoller;
  // The screen is taken below, once the tree exists; quitting before that cannot happen (no keys yet).
  let screen: FullScreen | undefined;

  const actions = actionEffect({
    action: opts.action,
    poll: opts.poll,
    server: opts.target,
    readOnly: opts.readOnly,
    major: () => pgPoller.capabilities?.major,
    nextRefresh: () =>
      new Promise<void>((resolve) => {
        const fn = () => {
          snapshotWaiters.delete(fn);
          resolve();
        };
        snapshotWaiters.add(fn);
        poller.refreshNow();
      }),
  });
  const helpNotes = [...(opts.helpNotes ?? []), actions.helpNote, ...(opts.record ? [`Recording every pane to ${opts.record.path} (pgwarden replay ${opts.record.path})`] : [])];

  const effects: AppEffects = {
    act: actions.act,
    lookup: (text, params) => opts.action.query(text, params),
    // A fix may run up to its own statement_timeout: its deadline is that, plus the usual grace.
    execute: opts.readOnly ? undefined : (sql) => executeFix((text, params) => opts.action.query(text, params, { deadlineMs: FIX_DEADLINE_MS }), sql),
    explain: createExplainService(opts.action, () => ({ caps: pgPoller.capabilities, readOnly: opts.readOnly })),
    quit: () => screen?.finish(0),
    refresh: () => poller.refreshNow(),
    setInterval: (ms) => {
      poller.setInterval(ms);
    },
    setPlan: (collectors: Collector[]) => pgPoller.setPlan(recorder ? recorder.plan(collectors) : collectors),
    copy: (text) => copyToClipboard(out, text),
    timeTravel: (id) => rewind.handle(id),
  };

  screen = startFullScreen({
    color: opts.color,
    unicode: opts.unicode,
    light: opts.light,
    body: (size) => <App store={store} target={opts.target} readOnly={opts.readOnly} keymap={DEFAULT_KEYMAP} size={size} effects={effects} helpNotes={helpNotes} hiddenColumns={opts.hiddenColumns} />,
    extra: opts.addon?.(store) ?? null,
  });
  mark('screen drawn');

  if (opts.caps) pgPoller.prime(opts.caps);
  poller.start();
  const exitCode = await screen.done;
  rewind.dispose();
  recorder?.close();
  // Closing connections politely is worth a moment, not a hang on a dead network.
  await Promise.race([
    (async () => {
      await poller.stop();
      await Promise.allSettled([opts.poll.close(), opts.action.close()]);
    })(),
    new Promise((r) => setTimeout(r, 1000).unref()),
  ]);
  return exitCode;
}
