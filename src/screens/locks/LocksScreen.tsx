import React, { useMemo } from 'react';
import { Box } from 'ink';
import type { LockInfo, LockSummaryRow } from '../../data/collectors/locks';
import type { CollectorResult } from '../../data/collector';
import { PaneStatus } from '../../components/PaneStatus';
import { Table } from '../../components/Table';
import { FitText } from '../../components/FitText';
import { useTheme, type Tone } from '../../components/theme';
import { duration } from '../../format';
import type { TableState } from '../../state/ui';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';
import { lockListColumns, summaryColumns, treeColumns } from './columns';
import { lockTarget, type LockRow, type LocksView } from './model';

export interface LocksScreenProps {
  view: LocksView;
  mode: 'tree' | 'locks';
  result: CollectorResult | undefined;
  summary: readonly LockSummaryRow[];
  summaryResult: CollectorResult | undefined;
  table: TableState;
  nowMs: number;
  width: number;
  height: number;
  tagged?: readonly string[];
  /** Set when our role cannot see other roles' waits. */
  privilegeNote?: string;
}

function toneOf(r: LockRow): Tone | undefined {
  if (r.tree.cycle || r.tree.inCycle) return 'bad';
  if (r.tree.repeat) return 'muted';
  if (r.tree.depth === 0) return 'bad';
  return 'warn';
}

const rowKey = (r: LockRow) => r.tree.key;
const lockKey = (l: LockInfo, i?: number) => `${l.locktype}:${l.mode}:${l.granted}:${lockTarget(l)}:${i ?? ''}`;

/** One or two lines explaining the selected row in full sentences. */
function describe(r: LockRow, ascii: boolean): SafeText[] {
  const n = r.node;
  const t = r.tree;
  const who = joinSafe([trusted(`pid ${n.pid} `), safeLine(n.user ?? '?'), trusted('@'), safeLine(n.database ?? '?')]);
  const lines: SafeText[] = [];
  if (n.wants) {
    const held = n.blockedBy.length ? ` held by ${n.blockedBy.join(', ')}` : '';
    const waited = r.waitedS != null ? ` for ${duration(r.waitedS, { ascii })}` : '';
    lines.push(joinSafe([who, trusted(` has waited${waited} for ${n.wants.mode} on `), safeLine(lockTarget(n.wants)), trusted(held)]));
  } else if (!n.listed) {
    lines.push(trusted(n.pid === 0 ? 'a prepared transaction holds the lock: COMMIT PREPARED or ROLLBACK PREPARED it (see pg_prepared_xacts)' : `pid ${n.pid} is no longer listed`));
  } else {
    const state = safeLine(n.state ?? n.backendType ?? 'state hidden');
    lines.push(joinSafe([who, trusted(' is '), state, trusted(`, holds ${n.lockCount} lock${n.lockCount === 1 ? '' : 's'}`)]));
  }
  const notes: string[] = [];
  if (t.behind) notes.push(`${t.behind} session${t.behind === 1 ? '' : 's'} wait behind it${t.depth === 0 ? ' (K terminates it and releases them)' : ''}`);
  if (t.alsoBlockedBy.length && t.depth > 0) notes.push(`also waits for ${t.alsoBlockedBy.join(', ')}`);
  if (t.repeat) notes.push('its waiters are shown where it first appears');
  if (t.inCycle) notes.push('DEADLOCK: part of a wait cycle, the deadlock detector will cancel one member');
  if (n.own) notes.push("pgwarden's own connection");
  lines.push(trusted(notes.join('; ')));
  return lines;
}

function TreeView(props: LocksScreenProps & { selected: LockRow | undefined; bodyHeight: number }): React.ReactElement {
  const theme = useTheme();
  const { view, table, width, nowMs, tagged } = props;
  const columns = useMemo(
    () => treeColumns(view.rows, { nowMs, ascii: !theme.unicode, glyphs: theme.glyphs, tagged: tagged?.length ? new Set(tagged) : undefined }),
    [view, nowMs, theme, tagged],
  );
  const detail = props.selected ? describe(props.selected, !theme.unicode) : [];
  return (
    <>
      <Table
        columns={columns}
        rows={view.rows}
        keyOf={rowKey}
        selectedKey={table.selected}
        width={width}
        height={Math.max(2, props.bodyHeight - 2)}
        toneOf={toneOf}
        empty={props.result === undefined ? 'reading the blocking tree...' : table.filter ? 'no blocking tree matches the filter' : 'no session is waiting for a lock'}
      />
      <FitText width={width} color={theme.tone('info')} text={detail[0] ?? trusted(' ')} />
      <FitText width={width} color={theme.tone('warn')} text={detail[1] || trusted(' ')} />
    </>
  );
}

function LockListView(props: LocksScreenProps & { selected: LockRow | undefined; bodyHeight: number }): React.ReactElement {
  const theme = useTheme();
  const { width, nowMs, summary } = props;
  const listCols = useMemo(() => lockListColumns({ nowMs, ascii: !theme.unicode, glyphs: theme.glyphs }), [nowMs, theme]);
  const sumCols = useMemo(() => summaryColumns(), []);
  const n = props.selected?.node;
  const locks = n?.locks ?? [];
  const listHeight = Math.max(3, Math.min(locks.length + 1, Math.floor((props.bodyHeight - 2) / 2)));
  const sumHeight = Math.max(2, props.bodyHeight - 2 - listHeight);
  const awaited = locks.filter((l) => !l.granted).length;
  const head = n
    ? joinSafe([
        trusted(`Locks of pid ${n.pid} (`),
        safeLine(n.user ?? '?'),
        trusted('@'),
        safeLine(n.database ?? '?'),
        trusted(`): ${n.lockCount - awaited} held, ${awaited} awaited${n.lockCount > locks.length ? `, first ${locks.length} shown` : ''}`),
      ])
    : trusted('Locks of the selected backend: nobody is waiting, so there is no backend to show');
  const keys = new Map(locks.map((l, i) => [l, lockKey(l, i)]));
  return (
    <>
      <FitText bold width={width} text={head} />
      <Table
        columns={listCols}
        rows={locks}
        keyOf={(l) => keys.get(l)!}
        selectedKey={null}
        width={width}
        height={listHeight}
        empty={n ? (n.listed ? 'no locks' : 'not listed: its locks are not visible') : 'select a backend in the tree (v)'}
      />
      <FitText bold width={width} text={trusted(`Lock counts on the server (${summary.reduce((a, r) => a + r.granted, 0)} granted, ${summary.reduce((a, r) => a + r.waiting, 0)} waiting)`)} />
      <PaneStatus result={props.summaryResult} />
      <Table
        columns={sumCols}
        rows={summary}
        keyOf={(r) => `${r.locktype}:${r.mode}:${r.database ?? ''}:${r.relationOid ?? ''}`}
        selectedKey={null}
        width={width}
        height={sumHeight - (props.summaryResult?.state === 'failed' ? 2 : 0)}
        empty="no locks"
      />
    </>
  );
}

/** The locks pane: the blocking tree, or the selected backend's locks and the server's lock counts. */
export function LocksScreen(props: LocksScreenProps): React.ReactElement {
  const theme = useTheme();
  const { view, table, width, height } = props;
  const selected = table.selected ? view.byKey.get(table.selected) : undefined;
  const dot = ` ${theme.glyphs.bullet} `;
  const title =
    (view.rows.length
      ? `Locks: ${view.roots} blocking tree${view.roots === 1 ? '' : 's'}, ${view.waiting} waiting` +
        (view.longestWaitS != null ? ` (longest ${duration(view.longestWaitS, { ascii: !theme.unicode })})` : '')
      : // Until the first refresh with this pane's collectors, nothing is known: say so, not "nobody waits".
        props.result === undefined
        ? 'Locks: reading the blocking tree'
        : 'Locks: nobody waits') +
    (table.filter ? `${dot}filter: ${table.filter}` : '') +
    (props.tagged?.length ? `${dot}${props.tagged.length} tagged (C/K act on them, T clears)` : '') +
    `${dot}v: ${props.mode === 'tree' ? 'locks of the selected backend' : 'blocking tree'}`;
  // A filter error quotes the filter: it passes the boundary with the notes.
  const notes = [props.privilegeNote, view.filterError].filter((n): n is string => !!n);
  const statusLines = notes.length + (props.result?.state === 'failed' ? 2 : 0);
  const bodyHeight = Math.max(4, height - 1 - statusLines);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold width={width} text={safeLine(title)} />
      <PaneStatus result={props.result} />
      {notes.map((n) => (
        <FitText key={n} width={width} color={theme.tone('warn')} text={safeLine(n)} />
      ))}
      {props.mode === 'tree' ? (
        <TreeView {...props} selected={selected} bodyHeight={bodyHeight} />
      ) : (
        <LockListView {...props} selected={selected} bodyHeight={bodyHeight} />
      )}
    </Box>
  );
}
