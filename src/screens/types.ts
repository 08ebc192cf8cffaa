/**
 * The contract between the App and a screen. A screen declares the collectors it needs, computes
 * its rows from the store (pure, memoized), renders them, and owns its commands. The App
 * stays generic: adding a pane means adding a ScreenDef to screens/registry.ts, its commands to
 * keys/commands.ts and keys/keymap.ts, and nothing else in the App.
 */
import type React from 'react';
import type { AppEffects } from './effects';
import type { Collector } from '../data/collector';
import type { CommandId, Scope } from '../keys/commands';
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
  /** Columns of this screen the preferences hide: `<` / `>` never sort by one (nothing would show the sort). */
  hiddenColumns?: readonly string[];
  /** The checklist session's controller (its state is AppState.checklist). */
  checklists: ChecklistController;
}

/** One command as its owner carries it out. */
export interface CommandHandler<C = ScreenContext> {
  run(ctx: C): void;
  /**
   * Why the command cannot run now (no row selected, nothing to go back to), or undefined when it
   * can. Help lists it, the footer leaves the key out and a refused key shows it as a message.
   */
  disabledReason?(ctx: C): string | undefined;
}

/** Commands an owner (a screen, or the App for global ones) carries out, by id. */
export type CommandTable<C = ScreenContext> = Partial<Record<CommandId, CommandHandler<C>>>;

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
  /** Keys of the rows in display order (the problems list, the prompt's filter). */
  rowKeys(ctx: ScreenContext): readonly string[];
  /**
   * UI state derived from the data and the previous UI state (the selection), pure. The store runs
   * it on every update while the screen is visible; `now` is the local clock for a toast.
   */
  derive?(state: AppState, now: number): UiState;
  /**
   * The commands this screen owns, with its table's navigation, sort and filter: the one place a
   * key of the screen's scopes is carried out (the App owns the global ones).
   */
  commands: CommandTable;
  /**
   * Scopes the screen's state puts before its own (a fix awaiting confirmation takes `y`), while
   * no window is open.
   */
  scopes?(ctx: ScreenContext): Scope[];
  /** Column legend for the help screen. */
  legend?: readonly (readonly [string, string])[];
  Component: React.ComponentType<ScreenContext>;
}
