import React, { useMemo } from 'react';
import { Box } from 'ink';
import { FitText } from '../../components/FitText';
import { Table } from '../../components/Table';
import { useTheme, type Tone } from '../../components/theme';
import type { TableState } from '../../state/ui';
import { trusted, safeLine } from '../../text/sanitize';
import { databaseColumns, poolColumns, waitingColumns } from './columns';
import { sizingLine, type BouncerModel, type PoolRow } from './model';

export interface BouncerScreenProps {
  /** Undefined until the console has answered once (or when the target is not a PgBouncer). */
  model: BouncerModel | undefined;
  pools: PoolRow[];
  table: TableState;
  /** Lines of config shown in the title (pool_mode, max_client_conn). */
  config: Record<string, string>;
  clients: number;
  width: number;
  height: number;
}

const poolTone = (p: PoolRow): Tone | undefined => (p.severity === 'critical' ? 'bad' : p.severity === 'warning' ? 'warn' : p.paused ? 'info' : undefined);

/** The PgBouncer pane: problems, pools, databases, the clients waiting longest. */
export function BouncerScreen(props: BouncerScreenProps): React.ReactElement {
  const { model, pools, table, width, height } = props;
  const theme = useTheme();
  const ascii = !theme.unicode;
  const cols = useMemo(() => ({ pools: poolColumns(ascii), dbs: databaseColumns(ascii), waiting: waitingColumns(ascii) }), [ascii]);
  if (!model) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <FitText bold width={width} text={trusted('PgBouncer')} />
        <FitText width={width} text={trusted("No PgBouncer here: this pane shows PgBouncer's admin console. Connect pgwarden to the database pgbouncer of a PgBouncer (e.g. pgwarden -h 127.0.0.1 -p 6432 -U admin pgbouncer).")} />
      </Box>
    );
  }
  const d = theme.glyphs.dash;
  const title = `PgBouncer ${safeLine(model.version)} ${d} pool_mode ${safeLine(props.config.pool_mode ?? '?')}, ${props.clients} client${props.clients === 1 ? '' : 's'} of max_client_conn ${safeLine(props.config.max_client_conn ?? '?')}${table.filter ? `  filter: ${safeLine(table.filter)}` : ''}`;
  const problems = model.problems.slice(0, 3);
  const problemLines = problems.length ? problems : [{ id: 'none', severity: null, text: 'no pool problem: no client waits longer than 1 s, no saturated pool' }];
  const rest = height - 2 - problemLines.length;
  // Pools first; the databases and the waiting clients get at least a header and a row each,
  // and whatever the pools leave.
  const waitHeight = model.waitingClients.length ? Math.min(model.waitingClients.length + 1, Math.max(2, Math.floor(rest / 4))) : 0;
  const poolHeight = Math.max(2, Math.min(pools.length + 1, rest - waitHeight - 2));
  const dbHeight = Math.max(2, Math.min(model.databases.length + 1, rest - waitHeight - poolHeight));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {/* Built from sanitized names and our own words. */}
      <FitText bold width={width} text={trusted(title)} />
      {problemLines.map((p) => (
        <FitText key={p.id} width={width} color={theme.tone(p.severity === 'critical' ? 'bad' : p.severity === 'warning' ? 'warn' : 'ok')} text={safeLine(p.text)} />
      ))}
      <FitText width={width} color={theme.tone('info')} text={trusted(sizingLine(model.sizing))} />
      <Table
        columns={cols.pools}
        rows={pools}
        keyOf={(p) => p.key}
        selectedKey={table.selected}
        sort={{ column: table.sortColumn, desc: table.desc }}
        width={width}
        height={poolHeight}
        toneOf={poolTone}
        empty={table.filter ? 'no pool matches the filter' : 'no pools yet: PgBouncer opens a pool when a client first connects'}
      />
      <Table columns={cols.dbs} rows={model.databases} keyOf={(r) => r.key} selectedKey={null} width={width} height={dbHeight} toneOf={(r) => (r.paused || r.disabled ? 'warn' : undefined)} />
      {waitHeight ? (
        <Table columns={cols.waiting} rows={model.waitingClients} keyOf={(c) => c.ptr ?? `${c.user}@${c.database}:${c.addr}:${c.port}`} selectedKey={null} width={width} height={waitHeight} toneOf={(c) => (c.waitS > 5 ? 'bad' : c.waitS > 1 ? 'warn' : undefined)} />
      ) : null}
    </Box>
  );
}
