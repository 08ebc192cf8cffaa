/**
 * The activity pane's columns: title, width, how narrow terminals drop them, and how each cell
 * reads. Every server string goes through safeLine() here, at render time, for visible rows only.
 */
import type { Backend } from '../../data/collectors/activity';
import type { ColumnSpec } from '../../components/table-layout';
import { safeLine, trusted } from '../../text/sanitize';
import { count, duration } from '../../format';
import { grade, LOWER_IS_WORSE, type Severity, type ThresholdName, type Thresholds } from '../../problems/thresholds';
import { glyphs } from '../../text/terminal';
import type { Tone } from '../../components/theme';
import { ageOf } from '../../data/values';
import { clientOf, stateLabel } from './model';

export interface ColumnContext {
  /** Read when a cell is drawn: the age columns (marked live) follow it without new columns. */
  nowMs: number;
  ascii: boolean;
  /** Tagged backend keys; a marker column appears while there are any. */
  tagged?: ReadonlySet<string>;
  /** Ages and the xmin age past these are coloured and marked (`!` warning, `!!` critical). */
  thresholds?: Thresholds;
}

const IDLE_IN_XACT = new Set(['idle in transaction', 'idle in transaction (aborted)']);

/**
 * Which threshold judges an age column of a backend, as the problems do: the transaction's age
 * holds the xmin horizon; an active query's age is its duration; the time spent idle in
 * transaction is judged as such. Other ages (an idle session's) are not judged.
 */
function limitFor(column: 'xact' | 'qage' | 'sage', b: Backend): ThresholdName | undefined {
  if (column === 'xact') return 'xminHorizonSeconds';
  if (b.state === 'active') return 'queryDurationSeconds';
  if (column === 'sage' && b.state && IDLE_IN_XACT.has(b.state)) return 'idleInTransactionSeconds';
  return undefined;
}

/** Column ids in the order `<`/`>` walk through them. */
export const ACTIVITY_SORT_COLUMNS = ['pid', 'database', 'user', 'application', 'client', 'type', 'state', 'wait', 'blocked', 'xact', 'qage', 'sage', 'xmin', 'query'];

/** Plain-language legend for the help screen. */
export const ACTIVITY_LEGEND: [string, string][] = [
  ['STATE', 'the backend state; "waiting" while it waits for a lock (BLOCKED BY says for whom, B shows its root blocker)'],
  ['XACT', 'age of the open transaction (xact_start)'],
  ['QUERY AGE', 'time since the current or last query started (query_start)'],
  ['STATE AGE', 'time in the current state (state_change)'],
  ['XMIN AGE', "transactions since the backend's xmin (backend_xmin): how far it holds back the horizon VACUUM cleans up to"],
  ['! / !!', 'after an age or xmin age: past the warning / critical threshold (the same as the problems line; the preferences file sets them)'],
  ['WAIT', 'wait_event_type:wait_event while the backend waits'],
  ['BLOCKED BY', 'pids holding the lock this backend waits for'],
];

export function activityColumns(ctx: ColumnContext): ColumnSpec<Backend>[] {
  const g = glyphs(!ctx.ascii);
  const sev = (name: ThresholdName | undefined, v: number | null): Severity | undefined =>
    name && ctx.thresholds ? grade(v, ctx.thresholds[name], LOWER_IS_WORSE.has(name), undefined, 0) : undefined;
  const mark = (s: Severity | undefined) => (s === 'critical' ? g.alertCritical : s === 'warning' ? g.alertWarn : '');
  const tone = (s: Severity | undefined): Tone | undefined => (s === 'critical' ? 'bad' : s === 'warning' ? 'warn' : undefined);
  const ageSev = (column: 'xact' | 'qage' | 'sage', b: Backend, t: number | null) => sev(limitFor(column, b), ageOf(t, ctx.nowMs));
  // The marker follows the figure so a column read without colour still says it is past a limit.
  const age = (column: 'xact' | 'qage' | 'sage', b: Backend, t: number | null) =>
    trusted(duration(ageOf(t, ctx.nowMs), { ascii: ctx.ascii }) + mark(ageSev(column, b, t)));
  const xminSev = (b: Backend) => sev('wraparoundAge', b.xminAge);
  const tag: ColumnSpec<Backend>[] = ctx.tagged
    ? [{ id: 'tag', title: '', width: 1, priority: 0, render: (b) => trusted(ctx.tagged!.has(b.key) ? '*' : ' ') }]
    : [];
  return [
    ...tag,
    { id: 'pid', title: 'PID', width: 7, align: 'right', priority: 0, render: (b) => trusted(String(b.pid)) },
    { id: 'database', title: 'DATABASE', width: 10, priority: 2, render: (b) => safeLine(b.database) },
    { id: 'user', title: 'USER', width: 10, priority: 1, render: (b) => safeLine(b.user) },
    { id: 'application', title: 'APP', width: 12, priority: 4, render: (b) => safeLine(b.application) },
    { id: 'client', title: 'CLIENT', width: 15, priority: 6, render: (b) => safeLine(clientOf(b)) },
    { id: 'type', title: 'TYPE', width: 12, priority: 7, render: (b) => safeLine(b.backendType === 'client backend' ? 'client' : b.backendType) },
    { id: 'state', title: 'STATE', width: 9, priority: 0, render: (b) => safeLine(stateLabel(b)) },
    {
      id: 'wait',
      title: 'WAIT',
      width: 16,
      priority: 3,
      render: (b) => safeLine(b.waitEventType ? `${b.waitEventType}:${b.waitEvent ?? ''}` : ''),
    },
    { id: 'blocked', title: 'BLOCKED BY', width: 10, priority: 5, render: (b) => trusted(b.blockedBy?.length ? b.blockedBy.join(',') : '') },
    // 7 cells hold a marked age: a warning is under an hour (`59m59s!`), a critical one is hours (`1h02m!!`).
    { id: 'xact', title: 'XACT', width: 7, align: 'right', priority: 0, live: true, render: (b) => age('xact', b, b.xactStart), tone: (b) => tone(ageSev('xact', b, b.xactStart)) },
    { id: 'qage', title: 'QUERY AGE', width: 10, align: 'right', priority: 1, live: true, render: (b) => age('qage', b, b.queryStart), tone: (b) => tone(ageSev('qage', b, b.queryStart)) },
    { id: 'sage', title: 'STATE AGE', width: 10, align: 'right', priority: 8, live: true, render: (b) => age('sage', b, b.stateChange), tone: (b) => tone(ageSev('sage', b, b.stateChange)) },
    {
      id: 'xmin',
      title: 'XMIN AGE',
      width: 9,
      align: 'right',
      // Dropped after the client and backend type, before the blockers: it says who holds the horizon.
      priority: 5,
      render: (b) => trusted(b.xminAge == null ? '' : count(b.xminAge) + mark(xminSev(b))),
      tone: (b) => tone(xminSev(b)),
    },
    {
      id: 'query',
      title: 'QUERY',
      width: 16,
      flex: true,
      priority: 0,
      // Background processes have no query: name the process instead of leaving the row blank.
      render: (b) => safeLine(b.query || (b.backendType && b.backendType !== 'client backend' ? `[${b.backendType}]` : '')),
    },
  ];
}
