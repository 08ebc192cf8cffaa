/**
 * Runs the visible panes' collectors, one refresh at a time, and reconnects by itself.
 *
 * Each collector is its own autocommit statement on the polling connection rather than one
 * transaction with savepoints: a failing or timed-out query then cannot abort its neighbours, no
 * BEGIN/SAVEPOINT/RELEASE round trips are paid each refresh, and each statement still sees one
 * consistent view of the statistics. The polling session is read-only by default
 * (default_transaction_read_only) and runs with statement_timeout and lock_timeout.
 *
 * The next refresh is scheduled when the previous one ends (never setInterval), so refreshes
 * never overlap on a slow server, and counted from when the previous one started, so a refresh
 * that takes 300 ms of a 1 s interval does not stretch the interval to 1.3 s. A refresh slower
 * than the interval is followed by a pause of a tenth of it, never by back-to-back queries.
 *
 * A refresh the server does not answer is reported as overdue once it has waited
 * {@link staleAfterMs}, then again every second until an answer comes, so the screen can say how
 * old its data is without reading a clock itself. The session's deadline (src/data/db.ts) ends
 * the wait: the connection is dropped and the usual reconnect takes over.
 */
import { ANSWERED_REREAD_MS, DEGRADED_RETRY_MS, type ArrayRows, type Collector, type CollectorContext, type CollectorResult, type Degraded, type Snapshot } from './collector';
import { ownPids, type QueryResult, type Row, type Session } from './db';
import { classify, isPermanent, type Failure } from './errors';
import { probe, type Capabilities } from './server';
import { sqlFor } from './sql/registry';

export const MIN_INTERVAL_MS = 500;
export const MAX_INTERVAL_MS = 60_000;
export const DEFAULT_INTERVAL_MS = 2_000;
/** Reconnect delays: the monitor is back within a few seconds of the server. */
export const BACKOFF_MS = [250, 500, 1000, 2000];

/** A refresh unanswered for 3 intervals is overdue, never before 5 s nor after 15 s. */
const STALE_INTERVALS = 3;
export const STALE_MIN_MS = 5_000;
export const STALE_MAX_MS = 15_000;

/**
 * How long a refresh may go unanswered before the screen calls its data stale. Not less than 5 s,
 * so a slow but living server (statement_timeout is 5 s) is not called dead at short intervals;
 * not more than 15 s, so a long interval does not hide a dead server.
 */
export function staleAfterMs(intervalMs: number): number {
  return Math.min(STALE_MAX_MS, Math.max(STALE_MIN_MS, STALE_INTERVALS * intervalMs));
}

/** Wait before the next refresh, given the interval and how long the last one took. */
export function nextDelay(intervalMs: number, tookMs: number): number {
  return Math.round(Math.max(intervalMs / 10, intervalMs - Math.max(0, tookMs)));
}

export type ConnectionStatus =
  | { state: 'connecting'; attempt: number; failure?: Failure }
  | { state: 'ready' }
  | { state: 'lost'; attempt: number; failure: Failure; nextInMs: number };

/** A refresh the server has not answered yet, past {@link staleAfterMs} or with the connection lost. */
export interface Overdue {
  /** Since the oldest unanswered refresh was sent (local clock, ms). */
  noAnswerMs: number;
  /** Since the refresh whose data is the newest there is was sent; null before the first. */
  dataAgeMs: number | null;
}

export interface PollerEvents {
  snapshot(s: Snapshot): void;
  status(s: ConnectionStatus, caps: Capabilities | undefined): void;
  /** Each second while a refresh is overdue; undefined once the server answers again. */
  overdue?(o: Overdue | undefined): void;
}

export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock and timers. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Memory {
  result: CollectorResult;
  ranAt: number;
  /** The degraded read in use since `at` (see Collector.degraded). */
  degraded?: { read: Degraded; at: number };
}

export class Poller {
  private plan: Collector[] = [];
  private memory = new Map<string, Memory>();
  private timer: unknown;
  private running = false;
  private inFlight: Promise<void> | undefined;
  private seq = 0;
  private attempt = 0;
  private offsetMs = 0;
  private caps: Capabilities | undefined;
  private primed: Capabilities | undefined;
  /** The clock was read (readClock) since the last connect. */
  private clockRead = false;
  private stopped = true;
  /** The first refresh after start(): it leaves the slow-cadence collectors to the next one. */
  private firstAfterStart = false;
  /** When the oldest refresh still waiting for an answer was sent (scheduler clock). */
  private waitingSince: number | undefined;
  /** When the refresh behind the newest snapshot was sent. */
  private dataSentAt: number | undefined;
  private overdueTimer: unknown;
  private overdueReported = false;
  intervalMs = DEFAULT_INTERVAL_MS;

  constructor(
    private readonly session: Session,
    private readonly events: PollerEvents,
    /** Pids of our other sessions (the action connection), left out of lists like our own. */
    private readonly otherPids: () => number[] = () => [],
    private readonly sched: Scheduler = realScheduler,
  ) {
    session.onLost((failure) => {
      if (this.stopped) return;
      this.events.status({ state: 'lost', attempt: this.attempt, failure, nextInMs: 0 }, this.caps);
      this.lostTouch();
    });
  }

  /** Capabilities already probed on this session (at start-up), so the first refresh does not probe again. */
  prime(caps: Capabilities): void {
    this.primed = caps;
  }

  get capabilities(): Capabilities | undefined {
    return this.caps;
  }

  /** The collectors to run, usually those of the visible pane plus the header. */
  setPlan(collectors: Collector[]): void {
    const ids = new Set(collectors.map((c) => c.id));
    // A collector that is new, or replaces one of the same id with another scope, is "added".
    const added = collectors.some((c) => !this.plan.includes(c));
    for (const id of this.memory.keys()) if (!ids.has(id)) this.memory.delete(id);
    // A collector whose rows carry others' data runs first, so those are not queried again
    // (the sort is stable: the plan's order stays otherwise).
    this.plan = [...collectors].sort((a, b) => Number(Boolean(b.provides?.length)) - Number(Boolean(a.provides?.length)));
    // A pane that appears, or shows more rows, should not wait a whole interval for them.
    if (added && !this.stopped) this.refreshNow();
  }

  setInterval(ms: number): number {
    this.intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, ms));
    return this.intervalMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.firstAfterStart = true;
    this.schedule(0);
  }

  /** Runs a refresh as soon as the current one (if any) ends. */
  refreshNow(): void {
    if (this.stopped) return;
    if (this.running) {
      this.inFlight?.then(() => this.schedule(0));
      return;
    }
    this.schedule(0);
  }

  /** Connects if needed and runs the plan once (snapshot --json, tests). Throws when the server is unreachable. */
  async once(): Promise<Snapshot> {
    if (!this.caps || this.session.state !== 'ready') await this.connect();
    return this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.sched.clearTimeout(this.timer);
    this.timer = undefined;
    this.clearOverdueTimer();
    this.waitingSince = undefined;
    await this.inFlight?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.sched.clearTimeout(this.timer);
    this.timer = this.sched.setTimeout(() => {
      this.timer = undefined;
      if (this.running) return;
      this.inFlight = this.cycle();
    }, ms);
  }

  private async cycle(): Promise<void> {
    this.running = true;
    const started = this.sched.now();
    let next = this.intervalMs;
    this.beginWaiting();
    try {
      if (!this.caps || this.session.state !== 'ready') await this.connect();
      await this.tick(this.firstAfterStart);
      this.firstAfterStart = false;
      this.attempt = 0;
      next = nextDelay(this.intervalMs, this.sched.now() - started);
    } catch (err) {
      const failure = classify(err);
      this.attempt++;
      next = BACKOFF_MS[Math.min(this.attempt - 1, BACKOFF_MS.length - 1)] ?? 2000;
      this.caps = this.session.state === 'ready' ? this.caps : undefined;
      this.events.status({ state: 'lost', attempt: this.attempt, failure, nextInMs: next }, this.caps);
      this.lostTouch();
    } finally {
      this.running = false;
    }
    this.schedule(next);
  }

  /** A refresh was sent: unless one is already waiting, the wait starts now. */
  private beginWaiting(): void {
    if (this.waitingSince !== undefined) return;
    this.waitingSince = this.sched.now();
    this.armOverdue(staleAfterMs(this.intervalMs));
  }

  /** With the connection lost nothing shown is live: say so now rather than after the limit. */
  private lostTouch(): void {
    this.beginWaiting();
    this.reportOverdue();
  }

  private armOverdue(ms: number): void {
    this.clearOverdueTimer();
    this.overdueTimer = this.sched.setTimeout(() => {
      this.overdueTimer = undefined;
      this.reportOverdue();
    }, ms);
  }

  private clearOverdueTimer(): void {
    if (this.overdueTimer !== undefined) this.sched.clearTimeout(this.overdueTimer);
    this.overdueTimer = undefined;
  }

  private reportOverdue(): void {
    if (this.waitingSince === undefined || this.stopped) return;
    const now = this.sched.now();
    const noAnswerMs = now - this.waitingSince;
    this.overdueReported = true;
    this.events.overdue?.({ noAnswerMs, dataAgeMs: this.dataSentAt === undefined ? null : now - this.dataSentAt });
    // The next report when the count reaches its next whole second, so the screen counts 5, 6, 7.
    const wait = 1000 - (noAnswerMs % 1000);
    this.armOverdue(wait < 50 ? wait + 1000 : wait);
  }

  /** The server answered a refresh: nothing is waiting any more. */
  private answered(sentAt: number): void {
    this.dataSentAt = sentAt;
    this.waitingSince = undefined;
    this.clearOverdueTimer();
    if (this.overdueReported) {
      this.overdueReported = false;
      this.events.overdue?.(undefined);
    }
  }

  /**
   * Measures the server clock's offset from the local one. The first connection's can be read
   * before start() (see the monitor's start in src/cli/tui.tsx): the first refresh then sends its
   * first statement without waiting for a round trip.
   */
  async readClock(): Promise<void> {
    await this.session.connect();
    const t0 = this.sched.now();
    const clock = await this.session.query('SELECT extract(epoch FROM clock_timestamp())::float8 AS t');
    const t1 = this.sched.now();
    this.offsetMs = Number(clock.rows[0]?.t) * 1000 - (t0 + t1) / 2;
    this.clockRead = true;
  }

  private async connect(): Promise<void> {
    this.events.status({ state: 'connecting', attempt: this.attempt }, this.caps);
    await this.session.connect();
    // Read before start() for this connection, or now; a reconnect reads it again.
    if (!this.clockRead) await this.readClock();
    this.clockRead = false;
    // The probe made before the screen was taken serves the first connection; reconnects probe again.
    this.caps = this.primed ?? (await probe(this.session));
    this.primed = undefined;
    // Collectors switched off for a missing grant or extension get another chance after a reconnect.
    this.memory.clear();
    this.events.status({ state: 'ready' }, this.caps);
  }

  /** Server time now, from the local clock and the offset measured at connect. */
  serverNow(): number {
    return this.sched.now() + this.offsetMs;
  }

  /**
   * One refresh. `first`: the monitor's first, which the operator waits for with an empty screen:
   * collectors on a slower cadence (everyMs: the problems' suspects, 23 ms of server time at 2000
   * backends; the database size) are left to the next refresh, a second later.
   */
  private async tick(first = false): Promise<Snapshot> {
    const caps = this.caps!;
    const started = this.sched.now();
    const ctx: CollectorContext = { caps, ownPids: [...ownPids(this.session), ...this.otherPids()] };
    const results: Record<string, CollectorResult> = {};
    for (const c of this.plan) {
      if (results[c.id] || (first && c.everyMs && !this.memory.has(c.id))) continue;
      results[c.id] = await this.runOne(c, ctx, results);
    }
    const snapshot: Snapshot = {
      seq: ++this.seq,
      takenAt: started + this.offsetMs,
      tickMs: this.sched.now() - started,
      results,
    };
    this.answered(started);
    this.events.snapshot(snapshot);
    return snapshot;
  }

  private async runOne(c: Collector, ctx: CollectorContext, results: Record<string, CollectorResult>): Promise<CollectorResult> {
    const mem = this.memory.get(c.id);
    const now = this.sched.now();
    if (mem) {
      if (mem.result.state === 'failed' && mem.result.disabled) return mem.result;
      if (c.everyMs && mem.result.state === 'ok' && now - mem.ranAt < c.everyMs) return mem.result;
    }
    // Settled by what this refresh already read (see Collector.answeredBy): no query.
    if (mem?.result.state === 'ok' && now - mem.ranAt < ANSWERED_REREAD_MS && c.answeredBy) {
      const data = c.answeredBy(results);
      if (data !== undefined) return { state: 'ok', data, at: now + this.offsetMs, ms: 0 };
    }
    const reason = c.unavailable?.(ctx);
    if (reason) {
      const result: CollectorResult = { state: 'failed', failure: { kind: 'unsupported', message: reason }, disabled: true };
      this.memory.set(c.id, { result, ranAt: now });
      return result;
    }
    const t0 = this.sched.now();
    // A degraded read stays in use for a while: the full one would fail again, and log an ERROR.
    let degraded = mem?.degraded && now - mem.degraded.at < DEGRADED_RETRY_MS ? mem.degraded : undefined;
    // Most SQL depends only on the major; a collector may refine it (the schema and installed
    // version of an extension) through sqlText.
    const text = (): string => c.sqlText?.(ctx) ?? sqlFor(c.query, ctx.caps.major).text;
    // A collector that parses arrays gets its rows as arrays, and so do those it provides for.
    const arrays = Boolean(c.parseArrays);
    const read = (params: unknown[]): Promise<QueryResult | ArrayRows> => (arrays ? this.session.queryArrays(text(), params) : this.session.query(text(), params));
    try {
      let res: QueryResult | ArrayRows;
      try {
        res = await read(degraded?.read.params ?? c.params?.(ctx) ?? []);
      } catch (err) {
        const lesser = degraded ? undefined : c.degraded?.(classify(err), ctx);
        if (!lesser) throw err;
        degraded = { read: lesser, at: now };
        res = await read(lesser.params);
      }
      const parsed = (parse: Collector['parse'], parseArrays: Collector['parseArrays'], pctx = ctx): unknown =>
        'fields' in res ? parse(res.rows, pctx) : parseArrays ? parseArrays(res, pctx) : parse(objectRows(res), pctx);
      const result: CollectorResult = {
        state: 'ok',
        data: parsed(c.parse, c.parseArrays, mem?.result.state === 'ok' ? { ...ctx, previous: mem.result.data } : ctx),
        at: t0 + this.offsetMs,
        ms: this.sched.now() - t0,
        ...(degraded ? { note: degraded.read.note } : {}),
      };
      this.memory.set(c.id, { result, ranAt: now, ...(degraded ? { degraded } : {}) });
      for (const p of c.provides ?? []) {
        if (!this.plan.includes(p.collector)) continue;
        const data = parsed(p.parse, p.parseArrays);
        if (data === undefined) continue;
        const provided: CollectorResult = { state: 'ok', data, at: result.at, ms: 0 };
        this.memory.set(p.collector.id, { result: provided, ranAt: now });
        results[p.collector.id] = provided;
      }
      return result;
    } catch (err) {
      const failure = classify(err);
      // Losing the server is not this pane's failure: let the cycle reconnect.
      if (failure.kind === 'connection' || failure.kind === 'shutdown') throw err;
      const prev = mem?.result.state === 'ok' ? { data: mem.result.data, at: mem.result.at } : mem?.result.state === 'failed' ? mem.result.stale : undefined;
      const result: CollectorResult = {
        state: 'failed',
        failure,
        disabled: isPermanent(failure),
        hint: c.fixHint?.(failure, ctx),
        stale: prev,
      };
      this.memory.set(c.id, { result, ranAt: now });
      return result;
    }
  }
}

/** Rows read as arrays, as objects: for a collector provided from arrays that parses objects only. */
function objectRows(set: ArrayRows): Row[] {
  const names = Object.entries(set.columns);
  return set.rows.map((r) => Object.fromEntries(names.map(([n, i]) => [n, r[i]])));
}
