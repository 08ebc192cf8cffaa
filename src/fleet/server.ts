/**
 * One watched server: its sessions, its poller (PostgreSQL or PgBouncer's console), its store
 * and the effects the App calls on it. The monitor of one server runs one of these; the fleet
 * runs one per server and shows one at a time.
 */
import { executeFix } from '../checklists/execute';
import type { AppEffects } from '../screens/effects';
import { mark } from '../render/startup-trace';
import type { Collector } from '../data/collector';
import { Poller } from '../data/poller';
import type { Capabilities } from '../data/server';
import type { Session } from '../data/db';
import { Store } from '../state/store';
import { initialUi, type TableState } from '../state/ui';
import type { Thresholds } from '../problems/thresholds';
import { derivations } from '../screens/registry';
import { ChecklistController, type ChecklistRuntime } from '../checklists/controller';
import { actionEffect } from '../actions/wire';
import { createExplainService } from '../explain/service';
import { BouncerPoller } from '../data/pgbouncer/poller';
import type { SafeText } from '../text/sanitize';
import { liveRewind } from '../rewind/live';
import type { RewindBudget } from '../rewind/buffer';
import { tuiRecorder, type TuiRecording } from '../recorder/tuiRecorder';

export interface ServerOptions {
  poll: Session;
  action: Session;
  /** Probed before the screen was taken: the first refresh uses it instead of probing again. */
  caps?: Capabilities;
  /** How the header names it. */
  target: string;
  readOnly: boolean;
  intervalMs: number;
  thresholds?: Thresholds;
  tables?: Record<string, TableState>;
  /** The target is PgBouncer's admin console: its reader replaces the PostgreSQL poller. */
  bouncer?: boolean;
  /** The pane shown first (default: activity, or PgBouncer's pane). */
  screen?: string;
  copy(text: string): SafeText;
  quit(): void;
  /** How long a confirmed fix may go unanswered: its own statement_timeout plus the usual grace (the cli knows both). */
  fixDeadlineMs: number;
  /**
   * The checklist screen's connection (absent for PgBouncer). Given the runtime being built, for
   * checks that need its poller's capabilities.
   */
  checklists?(runtime: ServerRuntime): ChecklistRuntime | undefined;
  /** The rewind buffer's budget (the preferences file's rewind_memory and rewind_window). */
  rewind?: RewindBudget;
  /** --record FILE: the recording opened before the screen was taken. */
  record?: TuiRecording;
}

export interface ServerRuntime {
  store: Store;
  effects: AppEffects;
  helpNote: string;
  /** With --record: where the recording goes, for help. */
  recordNote?: string;
  /** The poller that runs: PgBouncer's reader or PostgreSQL's. */
  poller: Pick<Poller, 'start' | 'stop' | 'refreshNow' | 'setInterval'> & { intervalMs: number };
  /** PostgreSQL's poller (idle for a PgBouncer target). */
  pgPoller: Poller;
  /** The checklist session of this server; it lives in the server's store. */
  checklists: ChecklistController;
  start(): void;
  /** Stops polling and closes both sessions, waiting at most a second: closing politely is not worth a hang. */
  close(): Promise<void>;
}

export function buildServer(opts: ServerOptions): ServerRuntime {
  const store = new Store(initialUi({ intervalMs: opts.intervalMs, tables: opts.tables, screen: opts.screen ?? (opts.bouncer ? 'pgbouncer' : undefined) }), { thresholds: opts.thresholds });
  store.setDerive(derivations(Date.now));
  // Every server keeps its own past: the fleet's Enter shows another server's store, and its rewind.
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
        waiters();
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

  const effects: AppEffects = {
    act: actions.act,
    lookup: (text, params) => opts.action.query(text, params),
    // A fix may run up to its own statement_timeout: its deadline is that, plus the usual grace.
    execute: opts.readOnly ? undefined : (sql) => executeFix((text, params) => opts.action.query(text, params, { deadlineMs: opts.fixDeadlineMs }), sql),
    explain: createExplainService(opts.action, () => ({ caps: pgPoller.capabilities, readOnly: opts.readOnly })),
    quit: opts.quit,
    refresh: () => poller.refreshNow(),
    setInterval: (ms) => {
      poller.setInterval(ms);
    },
    setPlan: (collectors: Collector[]) => pgPoller.setPlan(recorder ? recorder.plan(collectors) : collectors),
    copy: opts.copy,
    timeTravel: (id) => rewind.handle(id),
  };

  const runtime: ServerRuntime = {
    store,
    effects,
    helpNote: actions.helpNote,
    recordNote: opts.record ? `Recording every pane to ${opts.record.path} (pgwarden replay ${opts.record.path})` : undefined,
    poller,
    pgPoller,
    checklists: undefined as unknown as ChecklistController,
    start() {
      if (opts.caps) pgPoller.prime(opts.caps);
      poller.start();
    },
    async close() {
      rewind.dispose();
      recorder?.close();
      await Promise.race([
        (async () => {
          await poller.stop();
          await Promise.allSettled([opts.poll.close(), opts.action.close()]);
        })(),
        new Promise((r) => setTimeout(r, 1000).unref()),
      ]);
      // A step marked just before quitting is still being saved: exiting now would lose it.
      await runtime.checklists.settled();
    },
  };
  // The checklist session lives in this server's store; its controller does the file and database I/O.
  runtime.checklists = new ChecklistController(opts.checklists?.(runtime), store.checklist);
  return runtime;
}
