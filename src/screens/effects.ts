/**
 * What the App and its screens may ask of the outside world (quit, copy, refresh, act on the
 * server), supplied by the cli (or a test). It lives below the App so that a screen can use it
 * without importing the App that renders it.
 */
import type { SignalRequest } from '../actions/types';
import type { Collector } from '../data/collector';
import type { Row } from '../data/db';
import type { ExplainService } from '../explain/service';
import type { SafeText } from '../text/sanitize';
import type { CommandId } from '../keys/commands';

export interface AppEffects {
  quit(): void;
  refresh(): void;
  setInterval(ms: number): void;
  setPlan(collectors: Collector[]): void;
  /** Copies text to the operator's clipboard; returns the message to show. */
  copy(text: string): SafeText;
  /** Carries out a confirmed action, reporting progress lines; absent under --read-only. */
  act?(request: SignalRequest, report: (text: SafeText) => void): void;
  /** Plans statements (EXPLAIN, and EXPLAIN ANALYZE after confirmation) on the action session. */
  explain?: ExplainService;
  /** A one-off read on the action session (e.g. pgstattuple's exact figures, after confirmation). */
  lookup?(text: string, params: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs one confirmed statement on the action session with bounded lock and statement timeouts; absent under --read-only. */
  execute?(sql: string): Promise<string>;
  /** The time cursor (rewind, replay): true when it took the command (src/rewind/timeTravel.ts). */
  timeTravel?(id: CommandId): boolean;
  /** Makes another server of the session the one shown (the fleet pane's Enter); absent with one server. */
  activate?(name: string): void;
}
