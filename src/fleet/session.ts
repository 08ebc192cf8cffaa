/**
 * Several servers in one session. Every server keeps its own sessions, poller and store (so its
 * history, problems and pane state survive while another is shown); one is active: the App
 * shows its store, its poller runs the visible pane's collectors at the operator's interval.
 * The others poll only what their fleet row and problems need (the summary, replication and the
 * problems' suspects) at a slower cadence. Each poller reconnects on its own schedule, so a
 * server that goes away is marked down without stalling the others.
 */
import type { Collector } from '../data/collector';
import { summaryCollector } from '../data/collectors/summary';
import { REPLICATION_COLLECTORS } from '../data/collectors/replication';
import { problemsCollector } from '../data/collectors/problems';
import { bouncerProblems, fleetView, type ServerFacts } from '../screens/fleet/rows';
import type { ServerRuntime } from './server';
import type { FleetRow } from '../state/fleet';

/** What a background server polls: its fleet row and its problems, nothing a pane alone shows. */
export const BACKGROUND_COLLECTORS: Collector[] = [summaryCollector, ...REPLICATION_COLLECTORS, problemsCollector];
/** A background server refreshes at three times the operator's interval, never more often than every 5 s. */
export const BACKGROUND_MIN_MS = 5_000;
export function backgroundIntervalMs(activeMs: number): number {
  return Math.max(BACKGROUND_MIN_MS, activeMs * 3);
}

export interface FleetMember {
  /** Unique in the session. */
  name: string;
  /** Where pgwarden connects: how a standby's upstream is recognized among the members. */
  host: string;
  port: number;
  bouncer: boolean;
  /** How the header names it. */
  target: string;
  runtime: ServerRuntime;
}

/** Connects a server first seen on Prometheus (its row's pgwarden_target), to watch it live. */
export type Connector = (name: string, target: string) => Promise<FleetMember | { error: string }>;

export class Fleet {
  private activeIndex = 0;
  private readonly members: FleetMember[];
  /** Rows of servers the session reads elsewhere (Prometheus), not live. */
  private external: readonly FleetRow[] = [];
  private subs = new Set<() => void>();
  private unsubscribe: (() => void)[] = [];
  /** Per member: the parts of its state the fleet reads, as last seen (to skip updates that change nothing). */
  private seen: unknown[][] = [];
  private pending = false;
  /** The shown server's refresh interval the background cadence was set from. */
  private interval: number | undefined;

  constructor(
    members: readonly FleetMember[],
    private readonly connector?: Connector,
    /** Told of the server shown, at start and on every switch (what follows it: the checklists' connection). */
    private readonly onActive: (m: FleetMember) => void = () => undefined,
  ) {
    if (new Set(members.map((m) => m.name)).size !== members.length) throw new Error('fleet: server names must be unique');
    this.members = [...members];
  }

  /** The servers watched live, the shown one included. */
  get all(): readonly FleetMember[] {
    return this.members;
  }

  /** Names of the servers watched live (a Prometheus row of the same name is not shown twice). */
  liveNames(): string[] {
    return this.members.map((m) => m.name);
  }

  /** Rows read from Prometheus, replacing the previous reading. */
  setExternal(rows: readonly FleetRow[]): void {
    this.external = rows;
    this.seen = [];
    this.update();
  }

  get active(): FleetMember {
    return this.members[this.activeIndex]!;
  }

  /** For useSyncExternalStore: the active member changes. */
  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  activeMember = (): FleetMember => this.active;

  start(): void {
    this.members.forEach((m, i) => {
      if (i !== this.activeIndex) this.background(m);
      this.unsubscribe.push(m.runtime.store.subscribe(() => this.changed()));
      m.runtime.start();
    });
    this.onActive(this.active);
    this.update();
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u();
    await Promise.all(this.members.map((m) => m.runtime.close()));
  }

  /**
   * Makes `name` the server the panes show; the one shown before goes to the background. A row
   * read from Prometheus is connected first (its pgwarden_target), then watched like the others.
   */
  activate(name: string, report: (message: string) => void = () => undefined): void {
    const i = this.members.findIndex((m) => m.name === name);
    if (i < 0) {
      const row = this.external.find((r) => r.name === name);
      if (!row?.target || !this.connector) return report(`${name} is known from Prometheus only: give its scrape target a pgwarden_target label (a conninfo) to watch it live`);
      report(`connecting to ${name}`);
      void this.connector(name, row.target).then((m) => {
        if ('error' in m) return report(m.error);
        if (this.members.some((x) => x.name === m.name)) return this.activate(m.name);
        this.members.push(m);
        this.unsubscribe.push(m.runtime.store.subscribe(() => this.changed()));
        m.runtime.start();
        this.activate(m.name);
      });
      return;
    }
    if (i === this.activeIndex) return;
    const before = this.active;
    this.activeIndex = i;
    before.runtime.store.setFleet(undefined);
    this.background(before);
    const now = this.active.runtime;
    // Enter on the fleet pane opens the server's own first pane.
    const ui = now.store.get().ui;
    if (ui.screen === 'fleet') now.store.dispatch({ type: 'screen', id: this.active.bouncer ? 'pgbouncer' : 'activity' });
    now.poller.setInterval(now.store.get().ui.intervalMs);
    this.onActive(this.active);
    this.update();
    for (const fn of this.subs) fn();
    now.poller.refreshNow();
  }

  private background(m: FleetMember): void {
    if (!m.bouncer) m.runtime.pgPoller.setPlan(BACKGROUND_COLLECTORS);
    m.runtime.poller.setInterval(backgroundIntervalMs(this.active.runtime.store.get().ui.intervalMs));
  }

  /** A store changed: recompute once the current burst of updates is over. */
  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.update();
    });
  }

  private facts(m: FleetMember, i: number): ServerFacts {
    const state = m.runtime.store.get();
    return {
      name: m.name,
      host: m.host,
      port: m.port,
      bouncer: m.bouncer,
      state,
      problems: m.bouncer ? bouncerProblems(state) : m.runtime.store.ownProblems(),
      active: i === this.activeIndex,
    };
  }

  /** Gives the active store the fleet as it stands, when anything a row shows has changed. */
  private update(): void {
    // `+` / `-` on the server shown set the background servers' cadence too.
    const interval = this.active.runtime.store.get().ui.intervalMs;
    if (interval !== this.interval) {
      this.interval = interval;
      this.members.forEach((m, i) => i !== this.activeIndex && this.background(m));
    }
    const keys = this.members.map((m, i) => {
      const s = m.runtime.store.get();
      return [s.snapshot, s.bouncer, s.status, s.caps, i === this.activeIndex];
    });
    const same = keys.length === this.seen.length && keys.every((k, i) => k.every((v, j) => v === this.seen[i]![j]));
    if (same) return;
    this.seen = keys;
    const live = new Set(this.members.map((m) => m.name));
    this.active.runtime.store.setFleet(fleetView(this.members.map((m, i) => this.facts(m, i)), this.external.filter((r) => !live.has(r.name))));
  }
}
