/**
 * The interactive monitor: wires the poller to the store and the App, on the terminal fullscreen.tsx owns.
 */
import React, { useSyncExternalStore } from 'react';
import { App, type AppProps } from '../App';
import type { Session } from '../data/db';
import { DEFAULT_KEYMAP } from '../keys/keymap';
import { planFor } from '../screens/registry';
import type { Store } from '../state/store';
import type { Thresholds } from '../problems/thresholds';
import type { ChecklistRuntime } from '../checklists/controller';
import { buildServer, type ServerOptions, type ServerRuntime } from '../fleet/server';
import { backgroundIntervalMs, Fleet, type FleetMember } from '../fleet/session';
import { prometheusSource } from '../fleet/prometheus';
import { safeLine } from '../text/sanitize';
import { mark } from '../render/startup-trace';
import { copyToClipboard, startFullScreen, type FullScreen } from './fullscreen';
import { NO_ANSWER_GRACE_MS } from './connect';
import { FIX_STATEMENT_TIMEOUT_MS } from '../checklists/execute';

/** A confirmed fix may run up to its own statement_timeout: its deadline is that, plus the usual grace. */
const executeFixDeadlineMs = FIX_STATEMENT_TIMEOUT_MS + NO_ANSWER_GRACE_MS;

/** The monitor of one server: the server's own options (src/fleet/server.ts), and the terminal's. */
export interface TuiOptions extends Pick<ServerOptions, 'poll' | 'action' | 'caps' | 'target' | 'readOnly' | 'intervalMs' | 'thresholds' | 'tables' | 'bouncer' | 'rewind' | 'record'> {
  color: boolean;
  unicode: boolean;
  /** The preferences file's palette for light backgrounds. */
  light?: boolean;
  /** Per pane: columns never shown (the preferences file's hidden_columns). */
  hiddenColumns?: Readonly<Record<string, readonly string[]>>;
  helpNotes?: string[];
  /** Extra components mounted in the ink tree (the demo's drills menu); they render nothing or overlays. */
  addon?: (store: Store) => React.ReactElement | null;
  /** The monitor's connection for the checklist screen (absent for PgBouncer). */
  checklists?: ChecklistRuntime;
}

/** Runs the monitor until the operator quits or a signal ends it. Resolves with the exit code. */
export async function runTui(opts: TuiOptions): Promise<number> {
  const out = process.stdout;
  // The screen is taken below, once the tree exists; quitting before that cannot happen (no keys yet).
  let screen: FullScreen | undefined;
  const server = buildServer({ ...opts, checklists: () => opts.checklists, fixDeadlineMs: executeFixDeadlineMs, copy: (text) => copyToClipboard(out, text), quit: () => screen?.finish(0) });
  const helpNotes = [...(opts.helpNotes ?? []), server.helpNote, ...(server.recordNote ? [server.recordNote] : [])];
  await startBeforeDrawing(server, Boolean(opts.bouncer));
  screen = startFullScreen({
    color: opts.color,
    unicode: opts.unicode,
    light: opts.light,
    body: (size) => <App store={server.store} target={opts.target} readOnly={opts.readOnly} keymap={DEFAULT_KEYMAP} size={size} effects={server.effects} helpNotes={helpNotes} hiddenColumns={opts.hiddenColumns} checklists={server.checklists} />,
    extra: opts.addon?.(server.store) ?? null,
  });
  mark('screen drawn');
  const exitCode = await screen.done;
  await server.close();
  return exitCode;
}

/** How long the first screen waits for the first refresh before it is drawn without it. */
export const FIRST_DRAW_WAIT_MS = 250;

/**
 * Starts polling before the first screen is drawn, and draws it with the first refresh in it
 * when that comes within {@link FIRST_DRAW_WAIT_MS}: one render instead of an empty screen then
 * a full one (which ink's frame rate limit would also hold back), and the server runs the
 * refresh's statements while nothing else waits for it. The server's clock is read first (the
 * first refresh would wait for it), and the visible pane's plan and the interval are set before
 * the App sets the same. A slow or lost server gets the screen, and its status, after the wait.
 */
export async function startBeforeDrawing(server: ServerRuntime, bouncer: boolean, waitMs = FIRST_DRAW_WAIT_MS): Promise<void> {
  if (!bouncer) {
    // A failure here is the first refresh's to report, on the screen.
    await server.pgPoller.readClock().catch(() => undefined);
    const { ui } = server.store.get();
    server.effects.setPlan(planFor(ui.screen, ui));
    server.effects.setInterval(ui.intervalMs);
  }
  server.start();
  if (bouncer) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    const unsubscribe = server.store.subscribe(() => {
      const { snapshot, status } = server.store.get();
      if (snapshot || status.state === 'lost') done();
    });
  });
}

/** One server of a fleet session, as main resolved it. */
export interface FleetTarget {
  name: string;
  host: string;
  port: number;
  poll: Session;
  action: Session;
  target: string;
  bouncer: boolean;
  intervalMs: number;
  thresholds?: Thresholds;
}

export interface FleetTuiOptions extends Pick<TuiOptions, 'readOnly' | 'color' | 'unicode' | 'light' | 'tables' | 'hiddenColumns' | 'helpNotes' | 'rewind'> {
  servers: FleetTarget[];
  /** --prometheus: Prometheus' base URL, and how to connect to a row of it picked with Enter. */
  prometheus?: { base: string; connect(name: string, conninfo: string): Promise<FleetTarget | { error: string }> };
  /** Each server's connection for the checklist screen, which follows the server shown (none for PgBouncer). */
  checklists?(server: FleetTarget, runtime: ServerRuntime): ChecklistRuntime | undefined;
}

/** The App of the server the fleet shows now: switching servers swaps its store, effects and header name. */
function FleetApp(props: Omit<AppProps, 'store' | 'effects' | 'target'> & { fleet: Fleet }): React.ReactElement {
  const { fleet, ...rest } = props;
  const m: FleetMember = useSyncExternalStore(fleet.subscribe, fleet.activeMember);
  return <App {...rest} store={m.runtime.store} target={m.target} effects={m.runtime.effects} checklists={m.runtime.checklists} />;
}

/** Runs the monitor over several servers (src/fleet) until the operator quits. */
export async function runFleetTui(opts: FleetTuiOptions): Promise<number> {
  const out = process.stdout;
  let screen: FullScreen | undefined;
  let fleet: Fleet | undefined;
  const toast = (message: string) => fleet?.active.runtime.store.dispatch({ type: 'toast', text: safeLine(message), at: Date.now() });
  const targets = new Map<string, FleetTarget>();
  const memberOf = (s: FleetTarget): FleetMember => {
    targets.set(s.name, s);
    const runtime = buildServer({
      ...s,
      readOnly: opts.readOnly,
      tables: opts.tables,
      rewind: opts.rewind,
      // Several servers open on the fleet pane: the operator picks the one to look at.
      screen: 'fleet',
      fixDeadlineMs: executeFixDeadlineMs,
      checklists: (runtime) => opts.checklists?.(s, runtime),
      copy: (text) => copyToClipboard(out, text),
      quit: () => screen?.finish(0),
    });
    runtime.effects.activate = (name) => fleet?.activate(name, toast);
    return { name: s.name, host: s.host, port: s.port, bouncer: s.bouncer, target: s.target, runtime };
  };
  const connect = opts.prometheus?.connect;
  fleet = new Fleet(
    opts.servers.map(memberOf),
    connect
      ? async (name, conninfo) => {
          const s = await connect(name, conninfo);
          return 'error' in s ? s : memberOf(s);
        }
      : undefined,
  );
  const f = fleet;
  const helpNotes = [...(opts.helpNotes ?? []), fleet.all[0]!.runtime.helpNote];
  screen = startFullScreen({
    color: opts.color,
    unicode: opts.unicode,
    light: opts.light,
    body: (size) => <FleetApp fleet={f} readOnly={opts.readOnly} keymap={DEFAULT_KEYMAP} size={size} helpNotes={helpNotes} hiddenColumns={opts.hiddenColumns} />,
    extra: null,
  });
  fleet.start();
  const source = opts.prometheus
    ? prometheusSource({ base: opts.prometheus.base, everyMs: () => backgroundIntervalMs(f.active.runtime.store.get().ui.intervalMs), live: () => f.liveNames(), publish: (rows) => f.setExternal(rows) })
    : undefined;
  source?.start();
  const exitCode = await screen.done;
  source?.stop();
  await fleet.close();
  return exitCode;
}
