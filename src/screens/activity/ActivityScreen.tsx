import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { Backend } from '../../data/collectors/activity';
import { Table } from '../../components/Table';
import { PaneStatus } from '../../components/PaneStatus';
import { useTheme, type Tone } from '../../components/theme';
import { FitText, withFilter } from '../../components/FitText';
import type { CollectorResult } from '../../data/collector';
import type { TableState } from '../../state/ui';
import { activityColumns, type ColumnContext } from './columns';
import type { Thresholds } from '../../problems/thresholds';
import type { ActivityView } from './model';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';

export interface ActivityScreenProps {
  view: ActivityView;
  result: CollectorResult | undefined;
  table: TableState;
  nowMs: number;
  width: number;
  height: number;
  /** Set when our role cannot read other roles' queries. */
  privilegeNote?: string;
  /** Backend keys tagged for cancel / terminate. */
  tagged?: readonly string[];
  /** Ages past these are coloured and marked. */
  thresholds?: Thresholds;
}

function toneOf(b: Backend): Tone | undefined {
  if (b.waitEventType === 'Lock') return 'bad';
  if (b.state === 'idle in transaction' || b.state === 'idle in transaction (aborted)') return 'warn';
  if (b.state === 'active') return 'ok';
  if (b.state === 'idle') return 'muted';
  return undefined;
}

const keyOf = (b: Backend) => b.key;

export function ActivityScreen(props: ActivityScreenProps): React.ReactElement {
  const { view, table, width, height, nowMs } = props;
  const theme = useTheme();
  const tagged = props.tagged;
  // The columns stay the same objects from one refresh to the next, so the table keeps the cells
  // of unchanged backends (Table's rowsImmutable); the age columns are live and read the clock here.
  const columnContext = useMemo<ColumnContext>(
    () => ({ nowMs, ascii: !theme.unicode, tagged: tagged?.length ? new Set(tagged) : undefined, thresholds: props.thresholds }),
    [theme.unicode, tagged, props.thresholds],
  );
  columnContext.nowMs = nowMs;
  const columns = useMemo(() => activityColumns(columnContext), [columnContext]);
  const notes: SafeText[] = [];
  // The privilege note names our role; a filter error quotes the filter: both pass the boundary.
  if (props.privilegeNote) notes.push(safeLine(props.privilegeNote));
  if (view.filterError) notes.push(safeLine(view.filterError));
  const statusLines = notes.length + (props.result?.state === 'failed' ? 2 : 0);
  const title = joinSafe([
    withFilter(
      `Activity ${view.rows.length}/${view.total}` +
        (view.hiddenIdle ? ` ${theme.glyphs.bullet} ${view.hiddenIdle} idle hidden (i)` : '') +
        (view.hiddenBackground ? ` ${theme.glyphs.bullet} ${view.hiddenBackground} background hidden (b)` : ''),
      table.filter,
      theme.glyphs.bullet,
    ),
    trusted(tagged?.length ? ` ${theme.glyphs.bullet} ${tagged.length} tagged (C/K act on them, T clears)` : ''),
  ]);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold text={title} width={width} />
      <PaneStatus result={props.result} />
      {notes.map((n) => (
        <FitText key={n} color={theme.tone('warn')} text={n} width={width} />
      ))}
      <Table
        columns={columns}
        rows={view.rows}
        keyOf={keyOf}
        selectedKey={table.selected}
        sort={{ column: table.sortColumn, desc: table.desc }}
        width={width}
        height={Math.max(2, height - 1 - statusLines)}
        toneOf={toneOf}
        rowsImmutable
        empty={table.filter ? 'no backend matches the filter' : 'no backends to show'}
      />
    </Box>
  );
}
