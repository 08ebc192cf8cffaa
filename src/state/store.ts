/**
 * The one place the UI reads from. The poller pushes snapshots and connection status in; key
 * presses push actions in; React subscribes once. One store update per refresh means one render.
 * While paused the shown snapshot is frozen, but snapshots still feed the history series so charts
 * have no hole for time the operator spent reading.
 */
import type { Snapshot } from '../data/collector';
import type { ConnectionStatus, Overdue } from '../data/poller';
import type { Capabilities } from '../data/server';
import { rate } from '../data/rates';
import type { Summary } from '../data/collectors/summary';
import { gapHistory, newHistory, recordHistory, type History } from './history';
import { ProblemTracker } from '../problems/tracker';
import { problemsEvaluated } from '../problems/switch';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../problems/thresholds';
import type { Problem } from '../problems/types';
import { initialUi, reduce, type Action, type UiState } from './ui';
import type { BouncerSnapshot } from '../data/pgbouncer/types';
import { INITIAL_CHECKLIST, type ChecklistSlice, type ControllerState } from '../checklists/controller';
import type { FleetView } from './fleet';
import { byWeight } from '../problems/types';

export interface HeaderRates {
  tps: number | null;
  /** Cache hit ratio over the last interval (null when no blocks were read or hit). */
  hitRatio: number | null;
}

export interface AppState {
  ui: UiState;
  snapshot: Snapshot | undefined;
  /** The previous snapshot shown, for rates. */
  previous: Snapshot | undefined;
  status: ConnectionStatus;
  /** Set while a refresh is overdue (the poller counts it each second); see state/staleness.ts. */
  overdue: Overdue | undefined;
  caps: Capabilities | undefined;
  rates: HeaderRates;
  history: History;
  /** The last read of PgBouncer's admin console, when the target is one (see cli/bouncer.ts). */
  bouncer?: BouncerSnapshot;
  /** Problems shown now (held long enough), critical first: judged on every snapshot by the store. */
  problems: readonly Problem[];
  /** The limits problems, header markers and pane colours are judged by (defaults, then the preferences file). */
  thresholds: Thresholds;
  /** Set while the panes show the past (the rewind, or a recording replayed): see src/rewind. */
  past?: PastView;
  /** The checklist session of screen 6, kept by its controller (checklists/controller.ts). */
  checklist: ControllerState;
  /** Every server of the session, when pgwarden watches several (src/fleet). */
  fleet?: FleetView;
}

/** Where in time the panes are, when they are not live. */
export interface PastView {
  mode: 'rewind' | 'replay';
  /** Server time of the snapshot shown, and of the newest one there is (live, or the recording's end). */
  at: number;
  newest: number;
  /** Position in the timeline moved through. */
  index: number;
  length: number;
  /** Replay only: playing at this speed (1 = as recorded), or paused. */
  speed?: number;
  playing?: boolean;
  /** Replay only: the timeline window of the whole file is open. */
  timeline?: boolean;
}

/**
 * What the store derives with the screens' knowledge, installed by the CLI: the store knows no pane.
 * Both run in the store, before anyone is notified, so a key finds the state the operator sees.
 */
export interface Derivations {
  /** UI state derived from the data and the previous UI state (the visible pane's selection), pure. */
  ui(s: AppState): UiState;
  /** The table (relid as text) whose dead tuples the history keeps for the charts, whatever its rank. */
  chartTable(ui: UiState): string | null;
}

export interface StoreOptions {
  thresholds?: Thresholds;
}

export class Store {
  private state: AppState;
  private subs = new Set<() => void>();
  private lastSummary: { s: Summary; at: number } | undefined;
  private derive: Derivations | undefined;
  private readonly tracker: ProblemTracker;
  /** This server's own problems; `problems` adds the other servers' (the fleet's) to them. */
  private own: readonly Problem[] = [];

  constructor(ui: UiState = initialUi(), opts: StoreOptions = {}) {
    const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
    this.tracker = new ProblemTracker({ thresholds });
    this.state = {
      ui,
      snapshot: undefined,
      previous: undefined,
      status: { state: 'connecting', attempt: 0 },
      overdue: undefined,
      caps: undefined,
      rates: { tps: null, hitRatio: null },
      history: newHistory(),
      problems: [],
      thresholds,
      checklist: INITIAL_CHECKLIST,
    };
  }

  /** The checklist controller's slice of the state: it writes there, the screen reads it from here. */
  readonly checklist: ChecklistSlice = {
    get: () => this.state.checklist,
    set: (patch) => this.set({ ...this.state, checklist: { ...this.state.checklist, ...patch } }),
  };

  get = (): AppState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  /**
   * Installs the derivations (see {@link Derivations}); the UI one runs on every update before
   * anyone is notified: the screens know their rows, the store does not.
   */
  setDerive(d: Derivations): void {
    this.derive = d;
    this.set(this.state);
  }

  private set(next: AppState): void {
    const ui = this.derive?.ui(next) ?? next.ui;
    this.state = ui === next.ui ? next : { ...next, ui };
    for (const fn of this.subs) fn();
  }

  dispatch = (a: Action): void => {
    const ui = reduce(this.state.ui, a);
    if (ui !== this.state.ui) this.set({ ...this.state, ui });
  };

  setStatus(status: ConnectionStatus, caps: Capabilities | undefined): void {
    if (status.state === 'lost') {
      gapHistory(this.state.history);
      // Rates across an outage would average over time nobody observed.
      this.lastSummary = undefined;
      this.tracker.gap();
    }
    this.set({ ...this.state, status, caps: caps ?? this.state.caps });
  }

  /** The poller's count of a refresh still unanswered, or undefined once the server answers. */
  setOverdue(overdue: Overdue | undefined): void {
    if (overdue === this.state.overdue) return;
    this.set({ ...this.state, overdue });
  }

  /** This server's own problems, without the fleet's. */
  ownProblems(): readonly Problem[] {
    return this.own;
  }

  /** The fleet's rows and the other servers' problems (undefined: this server is not the one shown). */
  setFleet(fleet: FleetView | undefined): void {
    const problems = fleet?.problems.length ? [...this.own, ...fleet.problems].sort(byWeight) : this.own;
    if (this.state.past) {
      // Rewound: the panes keep the problems of their moment; live ones wait for the return to live.
      if (this.live) this.live = { ...this.live, problems };
      this.set({ ...this.state, fleet });
      return;
    }
    this.set({ ...this.state, fleet, problems });
  }

  /** A new read of PgBouncer's console: frozen like snapshots while the display is paused. */
  pushBouncer(snap: BouncerSnapshot): void {
    if (this.state.ui.paused) {
      this.set({ ...this.state, status: { state: 'ready' } });
      return;
    }
    this.set({ ...this.state, bouncer: snap, status: { state: 'ready' } });
  }

  /**
   * Shows a snapshot of the past (the rewind buffer's or a recording's) in every pane, with the
   * problems judged when it was live; live snapshots keep feeding history and problems meanwhile.
   * Undefined returns to the newest snapshot received.
   */
  showPast(past: { view: PastView; snapshot: Snapshot; previous: Snapshot | undefined; problems: readonly Problem[] } | undefined): void {
    if (!past) {
      if (!this.state.past) return;
      const live = this.live;
      this.set({ ...this.state, past: undefined, ...(live ? { snapshot: live.snapshot, previous: live.previous, rates: live.rates, problems: live.problems } : {}) });
      return;
    }
    if (!this.state.past) this.live = { snapshot: this.state.snapshot, previous: this.state.previous, rates: this.state.rates, problems: this.state.problems };
    this.set({ ...this.state, past: past.view, snapshot: past.snapshot, previous: past.previous, rates: ratesBetween(past.previous, past.snapshot), problems: past.problems });
  }

  /** The newest live data, kept while the panes show the past. */
  private live: Pick<AppState, 'snapshot' | 'previous' | 'rates' | 'problems'> | undefined;

  /** Takes a snapshot from the poller; returns the problems judged on it (the rewind keeps them). */
  pushSnapshot(snap: Snapshot): readonly Problem[] {
    const rates = this.computeRates(snap);
    recordHistory(this.state.history, snap, rates, this.derive?.chartTable(this.state.ui) ?? null);
    // Judged on every snapshot, paused or not: the hold counts refreshes, and a problem that began
    // while the operator read a frozen screen must not start its hold over on resume.
    this.own = problemsEvaluated() ? this.tracker.update(snap, this.state.caps?.maxConnections ?? null).problems : [];
    const others = this.state.fleet?.problems ?? [];
    const problems = others.length ? [...this.own, ...others].sort(byWeight) : this.own;
    if (this.state.past) {
      // Rewound: the panes stay on their moment; live data waits for the return to live.
      this.live = { previous: this.live?.snapshot, snapshot: snap, rates, problems };
      this.set({ ...this.state, past: { ...this.state.past, newest: snap.takenAt }, status: { state: 'ready' } });
      return problems;
    }
    this.live = undefined;
    if (this.state.ui.paused) {
      this.set({ ...this.state, status: { state: 'ready' } });
      return problems;
    }
    this.set({ ...this.state, previous: this.state.snapshot, snapshot: snap, rates, problems, status: { state: 'ready' } });
    return problems;
  }

  private computeRates(snap: Snapshot): HeaderRates {
    const r = snap.results.summary;
    if (r?.state !== 'ok') return { tps: null, hitRatio: null };
    const s = r.data as Summary;
    const prev = this.lastSummary;
    this.lastSummary = { s, at: s.takenAt * 1000 };
    if (!prev) return { tps: null, hitRatio: null };
    return summaryRates(prev.s, s);
  }
}

/** The header's rates between two summaries. */
function summaryRates(prev: Summary, s: Summary): HeaderRates {
  const reset = prev.statsReset !== s.statsReset;
  const tps = reset ? null : rate(prev.xacts, s.xacts, prev.takenAt * 1000, s.takenAt * 1000);
  const dh = s.blksHit - prev.blksHit;
  const dr = s.blksRead - prev.blksRead;
  const hitRatio = reset || dh < 0 || dr < 0 || dh + dr === 0 ? null : dh / (dh + dr);
  return { tps, hitRatio };
}

/** The header's rates between two snapshots (a past moment and the one before it). */
export function ratesBetween(prev: Snapshot | undefined, snap: Snapshot): HeaderRates {
  const a = prev?.results.summary;
  const b = snap.results.summary;
  if (a?.state !== 'ok' || b?.state !== 'ok') return { tps: null, hitRatio: null };
  return summaryRates(a.data as Summary, b.data as Summary);
}
