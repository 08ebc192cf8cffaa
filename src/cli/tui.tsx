/**
 * The interactive monitor: wires the poller to the store and the App, owns the terminal.
 */
import { executeFix, FIX_STATEMENT_TIMEOUT_MS } from '../checklists/execute';
import { NO_ANSWER_GRACE_MS } from './connect';
import React, { useEffect, useState } from 'react';
import { render } from 'ink';
import { App, type AppEffects } from '../App';
import type { Collector } from '../data/collector';
import { Poller } from '../data/poller';
import type { Capabilities } from '../data/server';
import type { Session } from '../data/db';
import { DEFAULT_KEYMAP } from '../keys/keymap';
import { makeTheme, ThemeProvider, type TerminalSize } from '../components/theme';
import { Store } from '../state/store';
import { initialUi, type TableState } from '../state/ui';
import type { Thresholds } from '../problems/thresholds';
import { deriveUi } from '../screens/registry';
import { osc52 } from '../text/osc52';
import { trusted } from '../text/sanitize';
import { enterAlternateScreen } from './screen';
import { FrameWriter } from '../render/frame-writer';
import { actionEffect } from '../actions/wire';
import { createExplainService } from '../explain/service';
import { BouncerPoller } from '../data/pgbouncer/poller';

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
  /** Extra components mounted in the ink tree (the demo's drills menu); they render nothing or overlays. */
  addon?: (store: Store) => React.ReactElement | null;
}

function sizeOf(out: NodeJS.WriteStream): TerminalSize {
  return { columns: out.columns || 80, rows: out.rows || 24 };
}

function Root(props: { out: NodeJS.WriteStream; children: (size: TerminalSize) => React.ReactElement }): React.ReactElement {
  const [size, setSize] = useState(() => sizeOf(props.out));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(props.out));
    props.out.on('resize', onResize);
    return () => {
      props.out.off('resize', onResize);
    };
  }, [props.out]);
  return props.children(size);
}

/** Runs the monitor until the operator quits or a signal ends it. Resolves with the exit code. */
export async function runTui(opts: TuiOptions): Promise<number> {
  const out = process.stdout;
  const input = process.stdin;
  const store = new Store(initialUi({ intervalMs: opts.intervalMs, tables: opts.tables, ...(opts.bouncer ? { screen: 'pgbouncer' } : {}) }), { thresholds: opts.thresholds });
  store.setDerive((s) => deriveUi(s, Date.now()));
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
        store.pushSnapshot(s);
        for (const fn of [...snapshotWaiters]) fn();
      },
      status: (s, caps) => store.setStatus(s, caps),
      overdue: (o) => store.setOverdue(o),
    },
    () => opts.action.pids(),
  );
  // PgBouncer's console has no PostgreSQL panes to plan: plans are kept for the PostgreSQL poller only.
  const poller = bouncerPoller ?? pgPoller;
  const guard = enterAlternateScreen(out, input);
  let exitCode = 0;
  let finished = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));

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
  const helpNotes = [...(opts.helpNotes ?? []), actions.helpNote];

  const effects: AppEffects = {
    act: actions.act,
    lookup: (text, params) => opts.action.query(text, params),
    // A fix may run up to its own statement_timeout: its deadline is that, plus the usual grace.
    execute: opts.readOnly ? undefined : (sql) => executeFix((text, params) => opts.action.query(text, params, { deadlineMs: FIX_DEADLINE_MS }), sql),
    explain: createExplainService(opts.action, () => ({ caps: pgPoller.capabilities, readOnly: opts.readOnly })),
    quit: () => finish(0),
    refresh: () => poller.refreshNow(),
    setInterval: (ms) => {
      poller.setInterval(ms);
    },
    setPlan: (collectors: Collector[]) => pgPoller.setPlan(collectors),
    copy: (text) => {
      const { sequence, truncated } = osc52(text, process.env);
      out.write(sequence);
      return trusted(truncated ? 'copied (truncated: the terminal clipboard limit was reached)' : `copied ${text.length} characters to the clipboard (OSC 52)`);
    },
  };

  const theme = makeTheme({ color: opts.color, unicode: opts.unicode, light: opts.light });
  // ink draws on the frame writer, which sends the terminal only the rows that changed.
  const frames = new FrameWriter(out);
  const instance = render(
    <ThemeProvider theme={theme}>
      <Root out={out}>
        {(size) => (
          <App store={store} target={opts.target} readOnly={opts.readOnly} keymap={DEFAULT_KEYMAP} size={size} effects={effects} helpNotes={helpNotes} hiddenColumns={opts.hiddenColumns} />
        )}
      </Root>
      {opts.addon?.(store) ?? null}
    </ThemeProvider>,
    // ink's incremental mode left the first line of a full-screen frame stale in tmux (the header
    // kept saying "connecting"); the frame writer does that job instead.
    { stdout: frames as unknown as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false, incrementalRendering: false, maxFps: 30 },
  );

  function finish(code: number): void {
    if (finished) return;
    finished = true;
    exitCode = code;
    try {
      instance.unmount();
    } catch {
      // Unmounting a crashed tree can throw; restoring the terminal matters more.
    }
    frames.detach();
    guard.restore();
    // Stop reading the terminal at once: keys typed after quitting belong to the shell.
    input.pause();
    resolveDone();
  }

  // A dropped SSH link closes the terminal: SIGHUP, and reads/writes failing with EIO. Whatever
  // comes first ends the monitor, and a hard exit follows so nothing can keep a headless process
  // alive (an error loop on a dead terminal would otherwise spin forever).
  const hardExit = (code: number) => setTimeout(() => process.exit(code), 1500);
  const onSignal = (sig: NodeJS.Signals) => {
    const code = sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143;
    finish(code);
    hardExit(code);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  const onTerminalGone = () => {
    finish(129);
    hardExit(129);
  };
  input.on('end', onTerminalGone);
  input.on('error', onTerminalGone);
  out.on('error', onTerminalGone);
  const onCrash = (err: unknown) => {
    if (finished) return; // after the end, errors from a closed terminal are expected: never report them on it
    finish(70);
    hardExit(70);
    try {
      process.stderr.write(`pgwarden: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    } catch {
      // stderr is the same dead terminal
    }
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  // A component that throws makes ink unmount on its own: end the monitor too, rather than polling
  // (and keeping a demo cluster alive) behind a blank screen.
  instance.waitUntilExit().then(() => finish(exitCode), onCrash);

  if (opts.caps) pgPoller.prime(opts.caps);
  poller.start();
  await done;
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
