/**
 * The contract between the App and a screen. A screen declares the collectors it needs, computes
 * its rows from the store (pure, memoized), renders them, and may handle its own commands. The App
 * stays generic: adding a pane means adding a ScreenDef to screens/registry.ts, its commands to
 * keys/commands.ts and keys/keymap.ts, and nothing else in the App.
 */
import type React from 'react';
import type { AppEffects } from '../App';
import type { Collector } from '../data/collector';
import type { CommandId } from '../keys/commands';
import type { AppState, Store } from '../state/store';
import type { TableState, UiState } from '../state/ui';
import type { ChecklistController } from '../checklists/controller';

/** What a screen's rows depend on: the store's state and the time they are aged against. */
export type ViewContext = Pick<ScreenContext, 'state' | 'nowMs'>;

/** The context of a view computed outside React (the store's derivation). */
export function viewContext(state: AppState, now: number): ViewContext {
  return { state, nowMs: state.snapshot?.takenAt ?? now };
}

export interface ScreenContext {
  state: AppState;
  store: Store;
  effects: AppEffects;
  /** Server time (ms) of the shown snapshot: ages are measured against it. */
  nowMs: number;
  /** Local clock (ms). */
  now(): number;
  width: number;
  height: number;
  readOnly: boolean;
  /** The checklist session's controller (its state is AppState.checklist). */
  checklists: ChecklistController;
}

export interface ScreenDef {
  id: string;
  title: string;
  /** The command that switches to this screen. */
  command: CommandId;
  /** Collectors to poll while the screen is visible (the header's run always). */
  collectors: Collector[];
  /** The collectors for the screen's current options, when they narrow what `collectors` fetch. */
  scopedCollectors?(ui: UiState): Collector[];
  /** Key into UiState.tables, and its initial state, when the screen is a table. */
  table?: {
    id: string;
    initial: TableState;
    sortColumns: readonly string[];
    /** The sort columns shown at this width (narrow terminals drop columns); all when absent. */
    shownSortColumns?(ctx: ScreenContext): readonly string[];
  };
  /** Keys of the rows in display order, for navigation. */
  rowKeys(ctx: ScreenContext): readonly string[];
  /** Lines the table body shows at most (for page up/down). */
  pageSize?(ctx: ScreenContext): number;
  /**
   * UI state derived from the data and the previous UI state (the selection), pure. The store runs
   * it on every update while the screen is visible; `now` is the local clock for a toast.
   */
  derive?(state: AppState, now: number): UiState;
  /** Handles a command that needs more than the reducer (effects, opening windows). True if handled. */
  onCommand?(id: CommandId, ctx: ScreenContext): boolean;
  /** Column legend for the help screen. */
  legend?: readonly (readonly [string, string])[];
  Component: React.ComponentType<ScreenContext>;
}
