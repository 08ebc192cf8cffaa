/**
 * Moving the panes through time: the rewind of the live screen (over src/rewind/buffer.ts) and the
 * replay of a recording (over src/recorder/reader.ts) are one cursor over a timeline of snapshots.
 * The cursor hands the store the snapshot of its moment (Store.showPast), and every pane draws it
 * with its usual model: no pane has a copy for the past.
 *
 * Live, the cursor is "at live" until a rewind key moves it back; moving forward past the newest
 * snapshot returns to live. In a replay there is no live: the cursor plays the recording at a
 * chosen speed, or stays where the operator put it.
 */
import type { CommandId } from '../keys/commands';
import { realScheduler, type Scheduler } from '../data/poller';
import type { Snapshot } from '../data/collector';
import type { Problem } from '../problems/types';
import type { SnapshotTimeline } from '../recorder/reader';
import { lastAtOrBefore } from '../recorder/reader';
import { parseReplayTime } from '../recorder/time';
import type { PastView, Store } from '../state/store';
import { trusted, safeLine, type SafeText } from '../text/sanitize';
import { clockTime } from '../state/past';

/** A timeline with the problems the monitor showed at each of its moments. */
export interface TimeSource extends SnapshotTimeline {
  problemsAt(index: number): readonly Problem[];
}

/** The replay's timers: a test plays a recording on a clock of its own. */
export type Clock = Scheduler;

/** Replay speeds `+` / `-` step through (1 = as recorded). */
export const REPLAY_SPEEDS = [0.5, 1, 2, 4, 8, 16, 32, 64];
/** The prompt's id (UiState.answer.table) for "jump to a time". */
export const JUMP_PROMPT = 'rewind.jump';
const MINUTE_MS = 60_000;
/** A frame of the replay at most this often, whatever the speed. */
const PLAY_TICK_MS = 100;

const EXPLAINS = new Set<CommandId>(['activity.explain', 'statements.explain']);

export interface TimeTravelOptions {
  mode: 'rewind' | 'replay';
  clock?: Clock;
  /** Replay: the speed it starts at. */
  speed?: number;
}

export class TimeTravel {
  /** The index shown; undefined while live (rewind mode only). */
  private index: number | undefined;
  /** The time shown, so a buffer that drops its head keeps the same moment under the cursor. */
  private at: number | undefined;
  private playing = false;
  private speed: number;
  private timelineOpen = false;
  private timer: unknown;
  private lastAnswer = 0;
  private readonly clock: Clock;
  readonly mode: 'rewind' | 'replay';
  private unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly source: TimeSource,
    opts: TimeTravelOptions,
  ) {
    this.mode = opts.mode;
    this.clock = opts.clock ?? realScheduler;
    this.speed = opts.speed ?? 1;
    this.lastAnswer = store.get().ui.answer?.seq ?? 0;
    // The jump prompt answers through UiState.answer, like every text prompt.
    this.unsubscribe = store.subscribe(() => this.onStore());
    if (this.mode === 'replay' && source.length) this.moveTo(0);
  }

  dispose(): void {
    this.stopPlaying();
    this.unsubscribe();
  }

  /** Whether the panes show the past. */
  get inPast(): boolean {
    return this.index !== undefined;
  }

  private toast(text: SafeText): void {
    this.store.dispatch({ type: 'toast', text, at: this.clock.now() });
  }

  /**
   * A command, before the App's usual handling: true when it was the time cursor's, false to let
   * the App handle it (actions on a backend of the past are refused there: label.ts pastRefusal).
   */
  handle(id: CommandId): boolean {
    if (this.inPast && EXPLAINS.has(id)) {
      if (this.mode === 'replay') {
        this.toast(trusted('a replay has no server to plan on: EXPLAIN it on the live server (pgwarden explain)'));
        return true;
      }
      // Allowed: the text is planned now, against today's tables and statistics.
      this.toast(trusted(`EXPLAIN plans this text now, not as it ran at ${clockTime(this.at!)}`));
      return false;
    }
    switch (id) {
      case 'rewind.back':
        return this.step(-1);
      case 'rewind.forward':
        return this.step(1);
      case 'rewind.backMinute':
        return this.jumpBy(-MINUTE_MS);
      case 'rewind.forwardMinute':
        return this.jumpBy(MINUTE_MS);
      case 'rewind.live':
        if (this.mode === 'replay') this.moveTo(this.source.length - 1);
        else this.goLive();
        return true;
      case 'rewind.jump':
        this.store.dispatch({ type: 'prompt.open', table: JUMP_PROMPT, label: trusted('go to (03:12:41, 2026-12-05T03:12:41Z, +5m from the start, -1m from the end): '), value: '' });
        return true;
      case 'rewind.timeline':
        if (this.mode !== 'replay') {
          this.toast(trusted('the timeline is drawn over a recording: pgwarden replay FILE'));
          return true;
        }
        this.timelineOpen = !this.timelineOpen;
        this.publish();
        return true;
    }
    if (this.mode !== 'replay') return false;
    // A replay has no server: pause plays and stops, the refresh keys set the speed.
    if (id === 'app.pause') {
      if (this.playing) this.stopPlaying();
      else this.play();
      this.publish();
      return true;
    }
    if (id === 'app.faster' || id === 'app.slower') {
      const i = REPLAY_SPEEDS.indexOf(this.speed);
      const next = REPLAY_SPEEDS[Math.max(0, Math.min(REPLAY_SPEEDS.length - 1, (i < 0 ? 1 : i) + (id === 'app.faster' ? 1 : -1)))]!;
      this.speed = next;
      this.publish();
      return true;
    }
    if (id === 'app.refresh') return true;
    return false;
  }

  private step(delta: 1 | -1): boolean {
    const n = this.source.length;
    if (!n) return true;
    const cur = this.index ?? n - 1;
    const next = cur + delta;
    if (next >= n) {
      if (this.mode === 'rewind') this.goLive();
      return true;
    }
    this.moveTo(Math.max(0, next));
    return true;
  }

  private jumpBy(ms: number): boolean {
    const n = this.source.length;
    if (!n) return true;
    const from = this.at ?? this.source.times[n - 1]!;
    const target = from + ms;
    if (target > this.source.times[n - 1]! && this.mode === 'rewind') {
      this.goLive();
      return true;
    }
    this.moveTo(Math.max(0, lastAtOrBefore(this.source.times, target)));
    return true;
  }

  /** Shows the snapshot at `index` in every pane. */
  moveTo(index: number): void {
    const n = this.source.length;
    if (!n) return;
    this.index = Math.max(0, Math.min(n - 1, index));
    this.at = this.source.times[this.index]!;
    this.publish();
  }

  goLive(): void {
    this.stopPlaying();
    this.index = undefined;
    this.at = undefined;
    this.store.showPast(undefined);
  }

  /** The live buffer lost its head or grew: keep the cursor on its moment (rewind mode). */
  resync(): void {
    if (this.at === undefined) return;
    const i = lastAtOrBefore(this.source.times, this.at);
    if (i < 0) {
      // That moment left the buffer: the oldest one kept is the nearest there is.
      this.moveTo(0);
      return;
    }
    this.index = i;
  }

  private snapshotAt(i: number): Snapshot {
    return this.source.at(i);
  }

  private publish(): void {
    if (this.index === undefined) return;
    const i = this.index;
    const n = this.source.length;
    const snapshot = this.snapshotAt(i);
    const previous = i > 0 && !this.source.afterGap(i) ? this.snapshotAt(i - 1) : undefined;
    // The decoder steps forward cheaply; the snapshot shown is decoded last so it stays cached.
    const shown = previous ? this.snapshotAt(i) : snapshot;
    const view: PastView = {
      mode: this.mode,
      at: this.at!,
      newest: this.mode === 'rewind' ? (this.store.get().past?.newest ?? this.source.times[n - 1]!) : this.source.times[n - 1]!,
      index: i,
      length: n,
      ...(this.mode === 'replay' ? { speed: this.speed, playing: this.playing, timeline: this.timelineOpen } : {}),
    };
    if (this.mode === 'rewind') view.newest = Math.max(view.newest, this.source.times[n - 1]!);
    this.store.showPast({ view, snapshot: shown, previous, problems: this.source.problemsAt(i) });
  }

  private play(): void {
    const n = this.source.length;
    if (!n) return;
    // Played to the end: play again from the start.
    if (this.index === undefined || this.index >= n - 1) this.moveTo(0);
    this.playing = true;
    let wall = this.clock.now();
    let t = this.at!;
    const tick = (): void => {
      const now = this.clock.now();
      t += (now - wall) * this.speed;
      wall = now;
      const i = lastAtOrBefore(this.source.times, t);
      if (i > (this.index ?? 0)) this.moveTo(i);
      if (this.index! >= n - 1) {
        this.stopPlaying();
        this.publish();
        return;
      }
      this.timer = this.clock.setTimeout(tick, PLAY_TICK_MS);
    };
    this.timer = this.clock.setTimeout(tick, PLAY_TICK_MS);
  }

  private stopPlaying(): void {
    this.playing = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onStore(): void {
    const a = this.store.get().ui.answer;
    if (!a || a.seq === this.lastAnswer) return;
    this.lastAnswer = a.seq;
    if (a.table !== JUMP_PROMPT || !a.submitted || !a.text.trim()) return;
    const n = this.source.length;
    if (!n) return;
    const first = this.source.times[0]!;
    const last = this.source.times[n - 1]!;
    const t = parseReplayTime(a.text, first, last);
    if (typeof t === 'string') return this.toast(safeLine(t));
    if (t < Math.floor(first)) return this.toast(trusted(`${clockTime(t)} is before the oldest snapshot held (${clockTime(first)})`));
    if (t > last + 1000 && this.mode === 'rewind') return this.goLive();
    this.moveTo(lastAtOrBefore(this.source.times, t));
  }
}
