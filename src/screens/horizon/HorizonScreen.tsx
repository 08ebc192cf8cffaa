import React, { useMemo } from 'react';
import { Box } from 'ink';
import { FitText, withFilter } from '../../components/FitText';
import { PaneStatus } from '../../components/PaneStatus';
import { Table } from '../../components/Table';
import type { ColumnSpec } from '../../components/table-layout';
import { useTheme, type Tone } from '../../components/theme';
import type { CollectorResult } from '../../data/collector';
import type { HorizonHolder } from '../../data/collectors/horizon';
import { count, duration } from '../../format';
import type { TableState } from '../../state/ui';
import { joinSafe, safeLine, trusted } from '../../text/sanitize';
import { describeHolder, releaseHint } from './model';

export const HORIZON_LEGEND: [string, string][] = [
  ['AGE', 'transactions since the xmin it holds (age()): rows deleted after it cannot be vacuumed anywhere in the cluster'],
  ['HELD FOR', 'since the transaction started, was prepared, or the standby connected'],
  ['KIND', 'backend: a session\'s snapshot or transaction; prepared: PREPARE TRANSACTION; slot: a replication slot\'s xmin / catalog_xmin; standby: hot_standby_feedback'],
];

export function horizonColumns(nowMs: number, ascii: boolean): ColumnSpec<HorizonHolder>[] {
  const o = { ascii };
  return [
    { id: 'kind', title: 'KIND', width: 8, priority: 0, render: (h) => trusted(h.kind) },
    { id: 'name', title: 'HOLDER', width: 16, flex: true, priority: 0, render: (h) => safeLine(describeHolder(h)) },
    { id: 'age', title: 'AGE', width: 7, align: 'right', priority: 0, render: (h) => count(h.xminAge, o) },
    { id: 'held', title: 'HELD FOR', width: 8, align: 'right', priority: 1, render: (h) => duration(h.since == null ? null : Math.max(0, nowMs / 1000 - h.since), o) },
    { id: 'xmin', title: 'XMIN', width: 10, align: 'right', priority: 3, render: (h) => safeLine(h.xmin) },
    { id: 'user', title: 'USER', width: 10, priority: 2, render: (h) => safeLine(h.user) },
    { id: 'database', title: 'DATABASE', width: 10, priority: 2, render: (h) => safeLine(h.database) },
    { id: 'detail', title: 'DETAIL', width: 14, priority: 4, render: (h) => safeLine(h.detail) },
  ];
}

const toneOf = (h: HorizonHolder): Tone | undefined => (h.kind === 'slot' && h.state === 'inactive' ? 'bad' : h.state?.startsWith('idle in transaction') ? 'warn' : undefined);

export interface HorizonScreenProps {
  rows: HorizonHolder[];
  oldest: HorizonHolder | undefined;
  result: CollectorResult | undefined;
  table: TableState;
  nowMs: number;
  width: number;
  height: number;
}

export function HorizonScreen(props: HorizonScreenProps): React.ReactElement {
  const { rows, oldest, table, nowMs, width, height } = props;
  const theme = useTheme();
  const ascii = !theme.unicode;
  const cols = useMemo(() => horizonColumns(nowMs, ascii), [nowMs, ascii]);
  const answer = oldest
    ? joinSafe([
        trusted('VACUUM cannot remove rows deleted after xmin '),
        safeLine(oldest.xmin),
        trusted(` (${count(oldest.xminAge, { ascii })} transaction${oldest.xminAge === 1 ? '' : 's'} ago), held by `),
        safeLine(describeHolder(oldest)),
        trusted(oldest.since == null ? '' : ` for ${duration(Math.max(0, nowMs / 1000 - oldest.since), { ascii })}`),
      ])
    : trusted('Nothing holds the xmin horizon back: VACUUM can remove every dead row that no running statement can see.');
  const selected = rows.find((h) => h.key === table.selected);
  const hint = selected ? safeLine(releaseHint(selected)) : trusted('');
  const failed = props.result?.state === 'failed' ? 2 : 0;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold width={width} text={withFilter(`Xmin horizon ${theme.glyphs.dash} why VACUUM is not cleaning up`, table.filter, ' ')} />
      <FitText color={theme.tone(oldest ? 'warn' : 'ok')} width={width} text={answer} />
      <PaneStatus result={props.result} />
      <Table
        columns={cols}
        rows={rows}
        keyOf={(h) => h.key}
        selectedKey={table.selected}
        sort={{ column: table.sortColumn, desc: table.desc }}
        width={width}
        height={Math.max(2, height - 3 - failed)}
        toneOf={toneOf}
        empty={table.filter ? 'no holder matches the filter' : 'no session, prepared transaction, slot or standby holds an xmin'}
      />
      <FitText color={theme.tone('info')} width={width} text={hint} />
    </Box>
  );
}
