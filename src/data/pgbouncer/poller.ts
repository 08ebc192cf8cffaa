/**
 * Reads PgBouncer's admin console on the refresh interval, one read at a time, and reconnects by
 * itself with the PostgreSQL poller's backoff. The console has no transactions, savepoints or
 * statement_timeout: a read is six SHOW commands, each bounded by the session's deadline.
 */
import type { Session } from '../db';
import { classify } from '../errors';
import { BACKOFF_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS, nextDelay, type ConnectionStatus } from '../poller';
import { readBouncer } from './read';
import type { BouncerSnapshot } from './types';

export interface BouncerEvents {
  snapshot(s: BouncerSnapshot): void;
  status(s: ConnectionStatus): void;
}

export class BouncerPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private inFlight: Promise<void> | undefined;
  private stopped = true;
  private attempt = 0;
  intervalMs = 2000;

  constructor(
    private readonly session: Session,
    private readonly events: BouncerEvents,
  ) {
    session.onLost((failure) => {
      if (!this.stopped) this.events.status({ state: 'lost', attempt: this.attempt, failure, nextInMs: 0 });
    });
  }

  setInterval(ms: number): number {
    this.intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, ms));
    return this.intervalMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  refreshNow(): void {
    if (this.stopped) return;
    if (this.running) void this.inFlight?.then(() => this.schedule(0));
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running) this.inFlight = this.cycle();
    }, ms);
  }

  private async cycle(): Promise<void> {
    this.running = true;
    const started = Date.now();
    let next = this.intervalMs;
    try {
      if (this.session.state !== 'ready') {
        this.events.status({ state: 'connecting', attempt: this.attempt });
        await this.session.connect();
      }
      this.events.snapshot(await readBouncer((text) => this.session.query(text)));
      this.attempt = 0;
      next = nextDelay(this.intervalMs, Date.now() - started);
    } catch (err) {
      this.attempt++;
      next = BACKOFF_MS[Math.min(this.attempt - 1, BACKOFF_MS.length - 1)] ?? 2000;
      this.events.status({ state: 'lost', attempt: this.attempt, failure: classify(err), nextInMs: next });
    } finally {
      this.running = false;
    }
    this.schedule(next);
  }
}
