/**
 * UI state and the reducer that applies commands to it. Pure: the App hands it the visible rows'
 * keys so navigation can be computed without React. Selection is a row key, never an index, so a
 * refresh that reorders rows keeps the cursor on the same backend.
 */
import type { CommandId, Scope } from '../keys/commands';
import type { ConfirmRequest } from '../actions/types';
import { DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../data/poller';
import { INITIAL_STATEMENTS_UI, STATEMENT_VIEWS, type StatementsUi } from '../screens/statements/model';
import { reducePlan, type PlanAction, type PlanState } from '../screens/plan/state';
import type { ExactBloat } from '../data/collectors/bloat';
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
  activity: { showIdle: boolean; showBackground: boolean };
  /** A one-line message in the footer (copied, refused, …) and when it was set. */
  toast: { text: SafeText; at: number } | null;
  /** How the last `text` prompt closed: Enter (submitted, possibly empty) or Esc. */
  answer: { table: string; text: string; submitted: boolean; seq: number } | null;
  /** Statements pane: column set and interval/total mode. */
  statements: StatementsUi;
  /** The EXPLAIN shown on the plan screen, if any. */
  plan: PlanState | null;
  /** Tagged backends (row keys) per screen, for actions on several at once. */
  tagged: Record<string, readonly string[]>;
  /** Locks pane: which view, and a backend to bring into view once the tree has loaded. */
  locks: { view: 'tree' | 'locks'; focusPid: number | null };
  /** Replication pane: the stricter lag thresholds (10 s / 60 s), which table has the cursor. */
  replication: { strict: boolean; focus: 'senders' | 'slots' };
  /** Vacuum pane: the view shown, a pgstattuple run awaiting confirmation, exact figures by relid. */
  vacuum: { view: VacuumView; confirmExact: number | null; exact: Record<number, ExactState> };
  /** History charts: a chart line in the header and the charts view of the replication pane. */
  charts: boolean;
  /** Xmin horizon pane: a session (activity row key) to select once the holders have loaded. */
  horizon: { focus: string | null };
}

/** Views of the vacuum pane, in the order `v` walks through them. */
export const VACUUM_VIEWS = ['tables', 'indexes', 'progress', 'wraparound'] as const;
export type VacuumView = (typeof VACUUM_VIEWS)[number];

/** An exact (pgstattuple) figure asked for one table. */
export type ExactState = { state: 'running'; at: number } | { state: 'done'; result: ExactBloat; at: number } | { state: 'failed'; error: string; hint?: string; at: number };

export function initialUi(opts: { intervalMs?: number; screen?: ScreenId; tables?: Record<string, TableState> } = {}): UiState {
  return {
    screen: opts.screen ?? 'activity',
    modals: [],
    paused: false,
    intervalMs: clampInterval(opts.intervalMs ?? DEFAULT_INTERVAL_MS),
    // The preferences file's default sorts, when it has any.
    tables: { ...opts.tables },
    activity: { showIdle: false, showBackground: false },
    toast: null,
    answer: null,
    statements: INITIAL_STATEMENTS_UI,
    plan: null,
    tagged: {},
    locks: { view: 'tree', focusPid: null },
    replication: { strict: false, focus: 'senders' },
    vacuum: { view: 'tables', confirmExact: null, exact: {} },
    charts: false,
    horizon: { focus: null },
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

/** What the reducer needs to know about the visible table. */
export interface ViewInfo {
  table?: string;
  /** The table's state before it was ever changed. */
  initialTable?: TableState;
  rowKeys: readonly string[];
  pageSize: number;
  sortColumns: readonly string[];
  /** Lines in the open viewer or help, for scroll bounds. */
  modalLines?: number;
}

export type Action =
  | { type: 'command'; id: CommandId; view: ViewInfo }
  | { type: 'prompt.input'; value: string }
  | { type: 'prompt.open'; table: string; label: SafeText; value: string }
  | { type: 'open.viewer'; title: SafeText; text: SafeText; raw: string }
  | { type: 'toast'; text: SafeText; at: number }
  | { type: 'plan'; action: PlanAction }
  | { type: 'tag'; screen: string; key: string }
  | { type: 'untag'; screen: string }
  | { type: 'open.confirm'; request: ConfirmRequest }
  | { type: 'locks.focus'; pid: number | null }
  | { type: 'vacuum.confirmExact'; relid: number | null }
  | { type: 'vacuum.view'; view: VacuumView }
  | { type: 'horizon.focus'; key: string | null }
  | { type: 'replication.focus'; focus: 'senders' | 'slots' }
  | { type: 'vacuum.exact'; relid: number; exact: ExactState }
  | { type: 'select'; table: string; key: string | null; initial?: TableState }
  | { type: 'screen'; id: ScreenId };

const BLANK_TABLE: TableState = { sortColumn: '', desc: true, filter: '', selected: null };

function updateTable(s: UiState, table: string, patch: Partial<TableState>, initial?: TableState): UiState {
  const cur = s.tables[table] ?? initial ?? BLANK_TABLE;
  return { ...s, tables: { ...s.tables, [table]: { ...cur, ...patch } } };
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
  if (!top || top.kind === 'prompt' || top.kind === 'confirm' || top.kind === 'problems') return s;
  const scroll = Math.max(0, Math.min(Math.max(0, lines - 1), top.scroll + delta));
  return { ...s, modals: [{ ...top, scroll }, ...rest] };
}

function answerOf(s: UiState, table: string, text: string, submitted: boolean): NonNullable<UiState['answer']> {
  return { table, text, submitted, seq: (s.answer?.seq ?? 0) + 1 };
}

export function reduce(s: UiState, a: Action): UiState {
  switch (a.type) {
    case 'prompt.input': {
      const [top, ...rest] = s.modals;
      if (top?.kind !== 'prompt') return s;
      const next = { ...s, modals: [{ ...top, value: a.value }, ...rest] };
      // The filter applies while typing, as in htop and k9s.
      return top.purpose === 'filter' ? updateTable(next, top.table, { filter: a.value }) : next;
    }
    case 'prompt.open':
      return { ...s, modals: [{ kind: 'prompt', purpose: 'text', table: a.table, value: a.value, label: a.label }, ...s.modals] };
    case 'open.viewer':
      return { ...s, modals: [{ kind: 'viewer', title: a.title, text: a.text, raw: a.raw, scroll: 0 }, ...s.modals] };
    case 'toast':
      return { ...s, toast: { text: a.text, at: a.at } };
    case 'plan':
      return { ...s, plan: reducePlan(s.plan, a.action) };
    case 'tag': {
      const cur = s.tagged[a.screen] ?? [];
      const next = cur.includes(a.key) ? cur.filter((k) => k !== a.key) : [...cur, a.key];
      return { ...s, tagged: { ...s.tagged, [a.screen]: next } };
    }
    case 'untag':
      return { ...s, tagged: { ...s.tagged, [a.screen]: [] } };
    case 'open.confirm':
      return { ...s, modals: [{ kind: 'confirm', request: a.request }, ...s.modals] };
    case 'locks.focus':
      return { ...s, locks: { view: a.pid === null ? s.locks.view : 'tree', focusPid: a.pid } };
    case 'vacuum.confirmExact':
      return { ...s, vacuum: { ...s.vacuum, confirmExact: a.relid } };
    case 'vacuum.view':
      return { ...s, vacuum: { ...s.vacuum, view: a.view, confirmExact: null } };
    case 'horizon.focus':
      return { ...s, horizon: { focus: a.key } };
    case 'replication.focus':
      return { ...s, replication: { ...s.replication, focus: a.focus } };
    case 'vacuum.exact':
      return { ...s, vacuum: { ...s.vacuum, confirmExact: null, exact: { ...s.vacuum.exact, [a.relid]: a.exact } } };
    case 'select':
      return updateTable(s, a.table, { selected: a.key, pinned: a.key !== null }, a.initial);
    case 'screen':
      return { ...s, screen: a.id, modals: [] };
    case 'command':
      return command(s, a.id, a.view);
  }
}

function command(s0: UiState, id: CommandId, v: ViewInfo): UiState {
  // Materialize the visible table's state on first use so every case below can rely on it.
  const s = v.table && !s0.tables[v.table] ? updateTable(s0, v.table, {}, v.initialTable) : s0;
  const table = v.table ? s.tables[v.table] : undefined;
  const page = Math.max(1, v.pageSize - 1);
  switch (id) {
    case 'app.quit':
    case 'app.refresh':
    case 'query.copy':
    case 'activity.openQuery':
      return s; // effects, handled by the App
    case 'app.help':
      return { ...s, modals: [{ kind: 'help', scroll: 0 }, ...s.modals] };
    case 'app.problems':
      // A second `!` closes the list rather than stacking another.
      return s.modals[0]?.kind === 'problems' ? { ...s, modals: s.modals.slice(1) } : { ...s, modals: [{ kind: 'problems', selected: null }, ...s.modals] };
    case 'problems.close':
      return s.modals[0]?.kind === 'problems' ? { ...s, modals: s.modals.slice(1) } : s;
    case 'problems.up':
    case 'problems.down': {
      // rowKeys are the problem ids in the order listed; a cursor on a problem that cleared is on the first.
      const [top, ...rest] = s.modals;
      if (top?.kind !== 'problems' || !v.rowKeys.length) return s;
      const at = Math.max(0, top.selected === null ? 0 : v.rowKeys.indexOf(top.selected));
      const next = Math.max(0, Math.min(v.rowKeys.length - 1, at + (id === 'problems.up' ? -1 : 1)));
      return { ...s, modals: [{ kind: 'problems', selected: v.rowKeys[next]! }, ...rest] };
    }
    case 'problems.jump':
      return s; // an effect across screens: handled by the App (screens/problemJump.ts)
    case 'help.close':
    case 'modal.close':
      return { ...s, modals: s.modals.slice(1) };
    case 'demo.drills':
      // The demo's own controls open the menu: only they know the drills and their states.
      return s;
    case 'app.pause':
      return { ...s, paused: !s.paused };
    case 'app.faster':
      return { ...s, intervalMs: stepInterval(s.intervalMs, -1) };
    case 'app.slower':
      return { ...s, intervalMs: stepInterval(s.intervalMs, 1) };
    case 'screen.activity':
      return s; // screen switches are dispatched as { type: 'screen' } by the App
    case 'nav.up':
    case 'nav.down':
    case 'nav.pageUp':
    case 'nav.pageDown':
    case 'nav.top':
    case 'nav.bottom': {
      if (!table || !v.table) return s;
      const delta = id === 'nav.up' ? -1 : id === 'nav.down' ? 1 : id === 'nav.pageUp' ? -page : id === 'nav.pageDown' ? page : id === 'nav.top' ? 'top' : 'bottom';
      return updateTable(s, v.table, { selected: move(v.rowKeys, table.selected, delta), pinned: true });
    }
    case 'sort.next':
    case 'sort.prev': {
      if (!table || !v.table || !v.sortColumns.length) return s;
      const i = v.sortColumns.indexOf(table.sortColumn);
      const n = v.sortColumns.length;
      const next = v.sortColumns[(i + (id === 'sort.next' ? 1 : -1) + n) % n]!;
      return updateTable(s, v.table, { sortColumn: next });
    }
    case 'sort.invert':
      return table && v.table ? updateTable(s, v.table, { desc: !table.desc }) : s;
    case 'filter.open':
      if (!v.table) return s;
      return { ...s, modals: [{ kind: 'prompt', purpose: 'filter', table: v.table, value: table?.filter ?? '' }, ...s.modals] };
    case 'filter.clear':
      return v.table ? updateTable(s, v.table, { filter: '' }) : s;
    case 'prompt.submit': {
      const closed = { ...s, modals: s.modals.slice(1) };
      const top = s.modals[0];
      if (top?.kind === 'prompt' && top.purpose === 'text') return { ...closed, answer: answerOf(s, top.table, top.value, true) };
      // After filtering, the cursor must be on a row that is still shown, or the next action
      // (EXPLAIN, cancel) would aim at a row the operator can no longer see.
      if (table && v.table && v.rowKeys.length && (table.selected === null || !v.rowKeys.includes(table.selected)))
        return updateTable(closed, v.table, { selected: v.rowKeys[0]!, pinned: false });
      return closed;
    }
    case 'prompt.cancel': {
      const top = s.modals[0];
      const closed = { ...s, modals: s.modals.slice(1) };
      if (top?.kind === 'prompt' && top.purpose === 'text') return { ...closed, answer: answerOf(s, top.table, '', false) };
      // Like htop, Escape in the filter prompt clears the filter of the table the prompt was
      // opened on (a screen may show several tables).
      return top?.kind === 'prompt' ? updateTable(closed, top.table, { filter: '' }) : closed;
    }
    case 'activity.toggleIdle':
      return { ...s, activity: { ...s.activity, showIdle: !s.activity.showIdle } };
    case 'activity.toggleBackground':
      return { ...s, activity: { ...s.activity, showBackground: !s.activity.showBackground } };
    case 'statements.nextView': {
      const i = STATEMENT_VIEWS.indexOf(s.statements.view);
      return { ...s, statements: { ...s.statements, view: STATEMENT_VIEWS[(i + 1) % STATEMENT_VIEWS.length]! } };
    }
    case 'statements.toggleOwn':
      return { ...s, statements: { ...s.statements, showOwn: !s.statements.showOwn } };
    case 'statements.toggleMode':
      return { ...s, statements: { ...s.statements, mode: s.statements.mode === 'interval' ? 'total' : 'interval' } };
    case 'screen.statements':
    case 'screen.plan':
    case 'activity.explain':
    case 'statements.openQuery':
    case 'statements.explain':
    case 'plan.back':
    case 'plan.toggleFold':
    case 'plan.nextFlag':
    case 'plan.query':
    case 'plan.raw':
    case 'plan.analyze':
    case 'plan.confirm':
      return s; // screen switches and EXPLAIN effects: handled by the App and the screens' onCommand
    case 'screen.checklist':
    case 'checklist.open':
    case 'checklist.run':
    case 'checklist.runAll':
    case 'checklist.done':
    case 'checklist.skip':
    case 'checklist.followUp':
    case 'checklist.note':
    case 'checklist.copy':
    case 'checklist.execute':
    case 'checklist.finish':
    case 'checklist.back':
      return s; // screen switch, or the checklist session: handled by the App and the checklist screen's onCommand
    case 'screen.locks':
    case 'activity.showBlocker':
    case 'locks.openQuery':
    case 'backend.tag':
    case 'backend.untagAll':
    case 'backend.cancel':
    case 'backend.terminate':
      return s; // screen switch or effects: handled by the App and the screens' onCommand
    case 'locks.toggleView':
      return { ...s, locks: { ...s.locks, view: s.locks.view === 'tree' ? 'locks' : 'tree' } };
    case 'screen.replication':
    case 'screen.vacuum':
    case 'screen.horizon':
    case 'vacuum.exact':
    case 'horizon.jump':
    case 'screen.pgbouncer':
    case 'pgbouncer.pause':
    case 'pgbouncer.resume':
    case 'pgbouncer.reconnect':
    case 'pgbouncer.kill':
      return s; // screen switch or effects: handled by the App and the screens' onCommand
    case 'charts.toggle':
      return { ...s, charts: !s.charts };
    case 'replication.strict':
      return { ...s, replication: { ...s.replication, strict: !s.replication.strict } };
    case 'replication.focus':
      return { ...s, replication: { ...s.replication, focus: s.replication.focus === 'senders' ? 'slots' : 'senders' } };
    case 'vacuum.nextView': {
      const i = VACUUM_VIEWS.indexOf(s.vacuum.view);
      return { ...s, vacuum: { ...s.vacuum, view: VACUUM_VIEWS[(i + 1) % VACUUM_VIEWS.length]!, confirmExact: null } };
    }
    case 'vacuum.cancel':
      return { ...s, vacuum: { ...s.vacuum, confirmExact: null } };
    case 'vacuum.horizon':
      return { ...s, screen: 'horizon', modals: [] };
    case 'dialog.confirm':
    case 'dialog.cancel':
      return s.modals[0]?.kind === 'confirm' ? { ...s, modals: s.modals.slice(1) } : s;
    case 'rewind.back':
    case 'rewind.forward':
    case 'rewind.backMinute':
    case 'rewind.forwardMinute':
    case 'rewind.live':
    case 'rewind.jump':
    case 'rewind.timeline':
      return s; // the time cursor's (src/rewind/timeTravel.ts), reached through the App's effects
    case 'viewer.up':
      return scrollModal(s, -1, v.modalLines ?? 0);
    case 'viewer.down':
      return scrollModal(s, 1, v.modalLines ?? 0);
    case 'viewer.pageUp':
      return scrollModal(s, -page, v.modalLines ?? 0);
    case 'viewer.pageDown':
      return scrollModal(s, page, v.modalLines ?? 0);
    default: {
      const never: never = id;
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
