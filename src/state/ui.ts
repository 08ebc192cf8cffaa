/**
 * UI state and the reducer that applies commands to it. Pure: the App hands it the visible rows'
 * keys so navigation can be computed without React. Selection is a row key, never an index, so a
 * refresh that reorders rows keeps the cursor on the same backend.
 */
import type { Scope } from '../keys/commands';
import type { ConfirmRequest } from '../actions/types';
import { DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../data/poller';
import type { SafeText } from '../text/sanitize';

/** Screen ids are those of screens/registry.ts. */
export type ScreenId = string;

export interface TableState {
  sortColumn: string;
  desc: boolean;
  filter: string;
  selected: string | null;
  /**
   * The operator put the cursor on this row (a move, a jump). Otherwise the cursor is the pane's
   * default and stays on the first row as rows reorder: a pane opens at its worst row, and a
   * statement chosen from a first reading without rates does not drag the view to the bottom.
   */
  pinned?: boolean;
}

export type Modal =
  | { kind: 'help'; scroll: number }
  | { kind: 'viewer'; title: SafeText; text: SafeText; raw: string; scroll: number }
  /**
   * A one-line prompt. `filter` edits a table's filter as it is typed; `text` asks a screen for a
   * line (a note, a value) and leaves the answer in UiState.answer when it closes. `label` is the
   * footer's prompt text (the filter's when absent).
   */
  | { kind: 'prompt'; purpose: 'filter' | 'text'; table: string; value: string; label?: SafeText }
  | { kind: 'confirm'; request: ConfirmRequest }
  /** The problems list (`!`): the entry under the cursor by problem id; null is the first (worst). */
  | { kind: 'problems'; selected: string | null };

export interface UiState {
  screen: ScreenId;
  modals: Modal[];
  paused: boolean;
  intervalMs: number;
  tables: Record<string, TableState>;
  /** Each screen's own state by screen id, typed and reduced by the screen's module (state/panes.ts). */
  panes: Readonly<Record<string, unknown>>;
  /** A one-line message in the footer (copied, refused, …) and when it was set. */
  toast: { text: SafeText; at: number } | null;
  /** How the last `text` prompt closed: Enter (submitted, possibly empty) or Esc. */
  answer: { table: string; text: string; submitted: boolean; seq: number } | null;
  /** Tagged backends (row keys) per screen, for actions on several at once. */
  tagged: Record<string, readonly string[]>;
  /** History charts: a chart line in the header and the charts view of the replication pane. */
  charts: boolean;
}

export function initialUi(opts: { intervalMs?: number; screen?: ScreenId; tables?: Record<string, TableState> } = {}): UiState {
  return {
    screen: opts.screen ?? 'activity',
    modals: [],
    paused: false,
    intervalMs: clampInterval(opts.intervalMs ?? DEFAULT_INTERVAL_MS),
    // The preferences file's default sorts, when it has any.
    tables: { ...opts.tables },
    panes: {},
    toast: null,
    answer: null,
    tagged: {},
    charts: false,
  };
}

export function clampInterval(ms: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, ms));
}

/** Refresh intervals `+`/`-` step through. */
export const INTERVAL_STEPS = [500, 1000, 2000, 3000, 5000, 10_000, 15_000, 30_000, 60_000];

function stepInterval(ms: number, dir: 1 | -1): number {
  if (dir > 0) return INTERVAL_STEPS.find((s) => s > ms) ?? MAX_INTERVAL_MS;
  return [...INTERVAL_STEPS].reverse().find((s) => s < ms) ?? MIN_INTERVAL_MS;
}

/** A table an action applies to: its UI id and its state before it was ever changed. */
export interface TableRef {
  table: string;
  initial?: TableState;
}

/**
 * What the UI state can be asked to do. Actions say what changes, never which key was pressed:
 * keys become command ids in the keymap and commands are carried out by their owner's command
 * table (the App's, or the visible screen's), which dispatches these.
 */
export type Action =
  | { type: 'prompt.input'; value: string }
  | { type: 'prompt.open'; table: string; label: SafeText; value: string }
  /** Enter in a prompt; `rowKeys` are the filtered table's rows, so the cursor can stay on a shown row. */
  | { type: 'prompt.submit'; rowKeys?: readonly string[] }
  | { type: 'prompt.cancel' }
  | { type: 'open.viewer'; title: SafeText; text: SafeText; raw: string }
  | { type: 'open.help' }
  | { type: 'problems.toggle' }
  /** The problems list's cursor over the problems listed now (their ids, in order). */
  | { type: 'problems.move'; ids: readonly string[]; delta: 1 | -1 }
  /** Closes the top window, or only a window of `kind` when given. */
  | { type: 'modal.close'; kind?: Modal['kind'] }
  | { type: 'modal.scroll'; delta: number; lines: number }
  | { type: 'pause' }
  | { type: 'interval'; dir: 1 | -1 }
  | ({ type: 'table.move'; rowKeys: readonly string[]; delta: number | 'top' | 'bottom' } & TableRef)
  | ({ type: 'table.sort'; columns: readonly string[]; dir: 1 | -1 } & TableRef)
  | ({ type: 'table.invert' } & TableRef)
  /** Opens the filter prompt on a table. */
  | ({ type: 'filter.open' } & TableRef)
  /** Sets a table's filter outright (cleared with ''). */
  | ({ type: 'filter.set'; value: string } & TableRef)
  | { type: 'toast'; text: SafeText; at: number }
  /** A screen's own state changed by its reducer (state/panes.ts paneAction). */
  | { type: 'pane'; id: string; update: (s: unknown) => unknown }
  | { type: 'tag'; screen: string; key: string }
  | { type: 'untag'; screen: string }
  | { type: 'open.confirm'; request: ConfirmRequest }
  | { type: 'charts.toggle' }
  | { type: 'select'; table: string; key: string | null; initial?: TableState }
  | { type: 'screen'; id: ScreenId };

const BLANK_TABLE: TableState = { sortColumn: '', desc: true, filter: '', selected: null };

function updateTable(s: UiState, table: string, patch: Partial<TableState>, initial?: TableState): UiState {
  const cur = s.tables[table] ?? initial ?? BLANK_TABLE;
  return { ...s, tables: { ...s.tables, [table]: { ...cur, ...patch } } };
}

/** A table's state, or its initial state before it was first used. */
export function tableOf(s: UiState, ref: TableRef): TableState {
  return s.tables[ref.table] ?? ref.initial ?? BLANK_TABLE;
}

/**
 * The selection a table must have for its rows in display order: a pure function of the rows and
 * the previous selection, applied by the store whenever a snapshot, a filter or a screen change
 * arrives, so that a key always finds the selection the operator sees (never repaired after a frame).
 * A pinned row is kept while it is listed; otherwise the cursor is on the first row.
 */
export function reconcileSelection(s: UiState, table: string, initial: TableState, keys: readonly string[]): UiState {
  if (!keys.length) return s;
  const cur = s.tables[table] ?? initial;
  const sel = cur.selected;
  if (sel !== null && (cur.pinned ? keys.includes(sel) : sel === keys[0])) return s;
  return updateTable(s, table, { selected: keys[0]!, pinned: false }, initial);
}

function move(keys: readonly string[], selected: string | null, delta: number | 'top' | 'bottom'): string | null {
  if (!keys.length) return selected;
  let idx = selected ? keys.indexOf(selected) : -1;
  if (delta === 'top') idx = 0;
  else if (delta === 'bottom') idx = keys.length - 1;
  else idx = idx < 0 ? (delta > 0 ? 0 : keys.length - 1) : Math.max(0, Math.min(keys.length - 1, idx + delta));
  return keys[idx] ?? null;
}

function scrollModal(s: UiState, delta: number, lines: number): UiState {
  const [top, ...rest] = s.modals;
  if (top?.kind !== 'viewer' && top?.kind !== 'help') return s;
  const scroll = Math.max(0, Math.min(Math.max(0, lines - 1), top.scroll + delta));
  return { ...s, modals: [{ ...top, scroll }, ...rest] };
}

function answerOf(s: UiState, table: string, text: string, submitted: boolean): NonNullable<UiState['answer']> {
  return { table, text, submitted, seq: (s.answer?.seq ?? 0) + 1 };
}

const closeTop = (s: UiState): UiState => ({ ...s, modals: s.modals.slice(1) });

function submitPrompt(s: UiState, rowKeys: readonly string[] | undefined): UiState {
  const top = s.modals[0];
  if (top?.kind !== 'prompt') return s;
  const closed = closeTop(s);
  if (top.purpose === 'text') return { ...closed, answer: answerOf(s, top.table, top.value, true) };
  // After filtering, the cursor must be on a row that is still shown, or the next action
  // (EXPLAIN, cancel) would aim at a row the operator can no longer see.
  const table = s.tables[top.table];
  if (table && rowKeys?.length && (table.selected === null || !rowKeys.includes(table.selected)))
    return updateTable(closed, top.table, { selected: rowKeys[0]!, pinned: false });
  return closed;
}

function cancelPrompt(s: UiState): UiState {
  const top = s.modals[0];
  if (top?.kind !== 'prompt') return s;
  const closed = closeTop(s);
  if (top.purpose === 'text') return { ...closed, answer: answerOf(s, top.table, '', false) };
  // Like htop, Escape in the filter prompt clears the filter of the table the prompt was
  // opened on (a screen may show several tables).
  return updateTable(closed, top.table, { filter: '' });
}

function moveProblem(s: UiState, ids: readonly string[], delta: 1 | -1): UiState {
  // A cursor on a problem that cleared is on the first.
  const [top, ...rest] = s.modals;
  if (top?.kind !== 'problems' || !ids.length) return s;
  const at = Math.max(0, top.selected === null ? 0 : ids.indexOf(top.selected));
  const next = Math.max(0, Math.min(ids.length - 1, at + delta));
  return { ...s, modals: [{ kind: 'problems', selected: ids[next]! }, ...rest] };
}

function sortTable(s: UiState, a: Extract<Action, { type: 'table.sort' }>): UiState {
  if (!a.columns.length) return s;
  const i = a.columns.indexOf(tableOf(s, a).sortColumn);
  const n = a.columns.length;
  return updateTable(s, a.table, { sortColumn: a.columns[(i + a.dir + n) % n]! }, a.initial);
}

export function reduce(s: UiState, a: Action): UiState {
  switch (a.type) {
    case 'prompt.input': {
      const [top, ...rest] = s.modals;
      if (top?.kind !== 'prompt') return s;
      const opened = { ...s, modals: [{ ...top, value: a.value }, ...rest] };
      // The filter applies while typing, as in htop and k9s.
      return top.purpose === 'filter' ? updateTable(opened, top.table, { filter: a.value }) : opened;
    }
    case 'prompt.open':
      return { ...s, modals: [{ kind: 'prompt', purpose: 'text', table: a.table, value: a.value, label: a.label }, ...s.modals] };
    case 'prompt.submit':
      return submitPrompt(s, a.rowKeys);
    case 'prompt.cancel':
      return cancelPrompt(s);
    case 'open.viewer':
      return { ...s, modals: [{ kind: 'viewer', title: a.title, text: a.text, raw: a.raw, scroll: 0 }, ...s.modals] };
    case 'open.help':
      return { ...s, modals: [{ kind: 'help', scroll: 0 }, ...s.modals] };
    case 'problems.toggle':
      // A second `!` closes the list rather than stacking another.
      return s.modals[0]?.kind === 'problems' ? closeTop(s) : { ...s, modals: [{ kind: 'problems', selected: null }, ...s.modals] };
    case 'problems.move':
      return moveProblem(s, a.ids, a.delta);
    case 'modal.close':
      return s.modals.length && (a.kind === undefined || s.modals[0]!.kind === a.kind) ? closeTop(s) : s;
    case 'modal.scroll':
      return scrollModal(s, a.delta, a.lines);
    case 'pause':
      return { ...s, paused: !s.paused };
    case 'interval':
      return { ...s, intervalMs: stepInterval(s.intervalMs, a.dir) };
    case 'table.move':
      return updateTable(s, a.table, { selected: move(a.rowKeys, tableOf(s, a).selected, a.delta), pinned: true }, a.initial);
    case 'table.sort':
      return sortTable(s, a);
    case 'table.invert':
      return updateTable(s, a.table, { desc: !tableOf(s, a).desc }, a.initial);
    case 'filter.open':
      return { ...s, modals: [{ kind: 'prompt', purpose: 'filter', table: a.table, value: tableOf(s, a).filter }, ...s.modals] };
    case 'filter.set':
      return updateTable(s, a.table, { filter: a.value }, a.initial);
    case 'toast':
      return { ...s, toast: { text: a.text, at: a.at } };
    case 'pane':
      return { ...s, panes: { ...s.panes, [a.id]: a.update(s.panes[a.id]) } };
    case 'tag': {
      const cur = s.tagged[a.screen] ?? [];
      const tagged = cur.includes(a.key) ? cur.filter((k) => k !== a.key) : [...cur, a.key];
      return { ...s, tagged: { ...s.tagged, [a.screen]: tagged } };
    }
    case 'untag':
      return { ...s, tagged: { ...s.tagged, [a.screen]: [] } };
    case 'open.confirm':
      return { ...s, modals: [{ kind: 'confirm', request: a.request }, ...s.modals] };
    case 'charts.toggle':
      return { ...s, charts: !s.charts };
    case 'select':
      return updateTable(s, a.table, { selected: a.key, pinned: a.key !== null }, a.initial);
    case 'screen':
      return { ...s, screen: a.id, modals: [] };
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** Scopes active now, top of the modal stack first. */
export function activeScopes(s: UiState): Scope[] {
  const top = s.modals[0];
  if (top?.kind === 'prompt') return ['prompt'];
  // A confirmation takes every key: only yes or no mean anything while it shows.
  if (top?.kind === 'confirm') return ['dialog'];
  if (top?.kind === 'help') return ['help', 'scroll'];
  // The list takes its own keys; number keys still switch panes (which closes it).
  if (top?.kind === 'problems') return ['problems', 'global'];
  if (top?.kind === 'viewer') return ['viewer', 'scroll', 'global'];
  // Screens that list backends share the tag / cancel / terminate keys.
  if (s.screen === 'activity' || s.screen === 'locks') return [s.screen as Scope, 'backends', 'table', 'global'];
  return [s.screen as Scope, 'table', 'global'];
}
