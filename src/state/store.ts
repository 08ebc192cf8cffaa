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
import { Series } from '../data/history';
import type { Summary } from '../data/collectors/summary';
import { gapPaneHistory, paneHistory, recordPaneHistory, VACUUM_TABLES_UI, type PaneHistory } from '../data/collectors/replicationHistory';
import { ProblemTracker } from '../problems/tracker';
import { problemsEvaluated } from '../problems/switch';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../problems/thresholds';
import type { Problem } from '../problems/types';
import { initialUi, reduce, type Action, type UiState } from './ui';
import type { BouncerSnapshot } from '../data/pgbouncer/types';

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
  history: { tps: Series; connections: Series; hitRatio: Series } & PaneHistory;
  /** The last read of PgBouncer's admin console, when the target is one (see cli/bouncer.ts). */
  bouncer?: BouncerSnapshot;
  /** Problems shown now (held long enough), critical first: judged on every snapshot by the store. */
  problems: readonly Problem[];
  /** The limits problems, header markers and pane colours are judged by (defaults, then the preferences file). */
  thresholds: Thresholds;
  /** Set while the panes show the past (the rewind, or a recording replayed): see src/rewind. */
  past?: PastView;
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

export interface StoreOptions {
  thresholds?: Thresholds;
}

export class Store {
  private state: AppState;
  private subs = new Set<() => void>();
  private lastSummary: { s: Summary; at: number } | undefined;
  private derive: ((s: AppState) => UiState) | undefined;
  private readonly tracker: ProblemTracker;

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
      history: { tps: new Series(), connections: new Series(), hitRatio: new Series(), ...paneHistory() },
      problems: [],
      thresholds,
    };
  }

  get = (): AppState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  /**
   * Installs the derivation of UI state from data (the selection of the visible pane), run on
   * every update before anyone is notified: the screens know their rows, the store does not.
   */
  setDerive(fn: (s: AppState) => UiState): void {
    this.derive = fn;
    this.set(this.state);
  }

  private set(next: AppState): void {
    const ui = this.derive?.(next) ?? next.ui;
    this.state = ui === next.ui ? next : { ...next, ui };
    for (const fn of this.subs) fn();
  }

  dispatch = (a: Action): void => {
    const ui = reduce(this.state.ui, a);
    if (ui !== this.state.ui) this.set({ ...this.state, ui });
  };

  setStatus(status: ConnectionStatus, caps: Capabilities | undefined): void {
    if (status.state === 'lost') {
      const h = this.state.history;
      h.tps.gap();
      h.connections.gap();
      h.hitRatio.gap();
      gapPaneHistory(h);
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
    const h = this.state.history;
    h.tps.push(rates.tps);
    h.hitRatio.push(rates.hitRatio);
    const sum = snap.results.summary;
    h.connections.push(sum?.state === 'ok' ? (sum.data as Summary).clientTotal : null);
    recordPaneHistory(h, snap, this.state.ui.tables[VACUUM_TABLES_UI]?.selected ?? null);
    // Judged on every snapshot, paused or not: the hold counts refreshes, and a problem that began
    // while the operator read a frozen screen must not start its hold over on resume.
    const { problems } = problemsEvaluated ? this.tracker.update(snap, this.state.caps?.maxConnections ?? null) : { problems: [] };
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
