import React, { useMemo } from 'react';
import { Box } from 'ink';
import { FitText } from '../../components/FitText';
import { Table } from '../../components/Table';
import { useTheme, type Tone } from '../../components/theme';
import type { FleetRow } from '../../state/fleet';
import type { TableState } from '../../state/ui';
import { safeLine, trusted } from '../../text/sanitize';
import { fleetColumns } from './columns';

export interface FleetScreenProps {
  rows: FleetRow[];
  table: TableState;
  /** Servers in the session (before the filter). */
  total: number;
  /** Enter's key, for the title's hint. */
  openKey: string;
  width: number;
  height: number;
}

const tone = (r: FleetRow): Tone | undefined => (r.state === 'down' || r.worst?.severity === 'critical' ? 'bad' : r.worst?.severity === 'warning' ? 'warn' : undefined);

/** The fleet pane: one row per server of the session, worst first; `*` marks the one the panes show. */
export function FleetScreen(props: FleetScreenProps): React.ReactElement {
  const { rows, table, width, height } = props;
  const theme = useTheme();
  const cols = useMemo(() => fleetColumns(!theme.unicode), [theme.unicode]);
  const down = rows.filter((r) => r.state === 'down').length;
  const title = `Fleet ${theme.glyphs.dash} ${props.total} server${props.total === 1 ? '' : 's'}${down ? `, ${down} down` : ''}; ${props.openKey}: watch the selected one${table.filter ? `  filter: ${safeLine(table.filter)}` : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {/* Our words, a count and the sanitized filter. */}
      <FitText bold width={width} text={trusted(title)} />
      <Table
        columns={cols}
        rows={rows}
        keyOf={(r) => r.name}
        selectedKey={table.selected}
        sort={{ column: table.sortColumn, desc: table.desc }}
        width={width}
        height={height - 1}
        toneOf={tone}
        empty={table.filter ? 'no server matches the filter' : 'no server'}
      />
    </Box>
  );
}
