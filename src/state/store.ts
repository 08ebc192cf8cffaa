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
  /** The checklist session of screen 6, kept by its controller (checklists/controller.ts). */
  checklist: ControllerState;
  /** Every server of the session, when pgwarden watches several (src/fleet). */
  fleet?: FleetView;
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

  pushSnapshot(snap: Snapshot): void {
    const rates = this.computeRates(snap);
    recordHistory(this.state.history, snap, rates, this.derive?.chartTable(this.state.ui) ?? null);
    // Judged on every snapshot, paused or not: the hold counts refreshes, and a problem that began
    // while the operator read a frozen screen must not start its hold over on resume.
    this.own = problemsEvaluated ? this.tracker.update(snap, this.state.caps?.maxConnections ?? null).problems : [];
    const others = this.state.fleet?.problems ?? [];
    const problems = others.length ? [...this.own, ...others].sort(byWeight) : this.own;
    if (this.state.ui.paused) {
      this.set({ ...this.state, status: { state: 'ready' } });
      return;
    }
    this.set({ ...this.state, previous: this.state.snapshot, snapshot: snap, rates, problems, status: { state: 'ready' } });
  }

  private computeRates(snap: Snapshot): HeaderRates {
    const r = snap.results.summary;
    if (r?.state !== 'ok') return { tps: null, hitRatio: null };
    const s = r.data as Summary;
    const prev = this.lastSummary;
    this.lastSummary = { s, at: s.takenAt * 1000 };
    if (!prev) return { tps: null, hitRatio: null };
    const at = s.takenAt * 1000;
    const reset = prev.s.statsReset !== s.statsReset;
    const tps = reset ? null : rate(prev.s.xacts, s.xacts, prev.at, at);
    const dh = s.blksHit - prev.s.blksHit;
    const dr = s.blksRead - prev.s.blksRead;
    const hitRatio = reset || dh < 0 || dr < 0 || dh + dr === 0 ? null : dh / (dh + dr);
    return { tps, hitRatio };
  }
}
