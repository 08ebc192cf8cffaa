/**
 * The activity pane's columns: title, width, how narrow terminals drop them, and how each cell
 * reads. Every server string goes through safeLine() here, at render time, for visible rows only.
 */
import type { Backend } from '../../data/collectors/activity';
import type { ColumnSpec } from '../../components/table-layout';
import { safeLine, trusted } from '../../text/sanitize';
import { duration } from '../../format';
import { ageOf, clientOf, stateLabel } from './model';

export interface ColumnContext {
  nowMs: number;
  ascii: boolean;
  /** Tagged backend keys; a marker column appears while there are any. */
  tagged?: ReadonlySet<string>;
}

/** Column ids in the order `<`/`>` walk through them. */
export const ACTIVITY_SORT_COLUMNS = ['pid', 'database', 'user', 'application', 'client', 'type', 'state', 'wait', 'blocked', 'xact', 'qage', 'sage', 'query'];

/** Plain-language legend for the help screen. */
export const ACTIVITY_LEGEND: [string, string][] = [
  ['STATE', 'the backend state; "waiting" while it waits for a lock (BLOCKED BY says for whom, B shows its root blocker)'],
  ['XACT', 'age of the open transaction (xact_start)'],
  ['QUERY AGE', 'time since the current or last query started (query_start)'],
  ['STATE AGE', 'time in the current state (state_change)'],
  ['WAIT', 'wait_event_type:wait_event while the backend waits'],
  ['BLOCKED BY', 'pids holding the lock this backend waits for'],
];

export function activityColumns(ctx: ColumnContext): ColumnSpec<Backend>[] {
  const age = (t: number | null) => trusted(duration(ageOf(t, ctx.nowMs), { ascii: ctx.ascii }));
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
    { id: 'xact', title: 'XACT', width: 7, align: 'right', priority: 0, render: (b) => age(b.xactStart) },
    { id: 'qage', title: 'QUERY AGE', width: 10, align: 'right', priority: 1, render: (b) => age(b.queryStart) },
    { id: 'sage', title: 'STATE AGE', width: 10, align: 'right', priority: 8, render: (b) => age(b.stateChange) },
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
