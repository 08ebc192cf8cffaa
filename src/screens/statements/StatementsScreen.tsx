import React, { useMemo } from 'react';
import { Box } from 'ink';
import { Table } from '../../components/Table';
import { FitText } from '../../components/FitText';
import { useTheme, type Tone } from '../../components/theme';
import type { CollectorResult } from '../../data/collector';
import type { StatementsInfo } from '../../data/collectors/statements';
import type { TableState } from '../../state/ui';
import { safeLine, trusted, type SafeText } from '../../text/sanitize';
import { wrap } from '../../text/width';
import { statementColumns } from './columns';
import type { StatementRow, StatementsUi, StatementsView } from './model';

export interface StatementsScreenProps {
  view: StatementsView;
  ui: StatementsUi;
  result: CollectorResult | undefined;
  info: StatementsInfo | undefined;
  table: TableState;
  blockSize: number;
  /** Seconds the interval rates cover, when there are rates. */
  intervalS: number | null;
  width: number;
  height: number;
  notes: string[];
}

const keyOf = (r: StatementRow) => r.key;

const VIEW_NAMES = { time: 'time', io: 'I/O', temp: 'temp files', wal: 'WAL' } as const;

/** Why the pane is empty, with the steps that fix it; other panes keep working. */
function failureLines(result: CollectorResult | undefined, width: number): { text: SafeText; tone: Tone }[] {
  if (!result || result.state !== 'failed') return [];
  const out: { text: SafeText; tone: Tone }[] = [];
  const what = result.disabled ? 'pg_stat_statements is unavailable' : 'reading pg_stat_statements failed this refresh';
  for (const l of wrap(safeLine(`${what}: ${result.failure.message}`), width)) out.push({ text: l, tone: 'bad' });
  const fix = result.hint ?? result.failure.hint;
  if (fix) for (const l of wrap(safeLine(`fix: ${fix}`), width)) out.push({ text: l, tone: 'info' });
  if (result.disabled) out.push({ text: trusted('Only this pane is affected; the other panes keep working.'), tone: 'muted' });
  return out;
}

export function StatementsScreen(props: StatementsScreenProps): React.ReactElement {
  const { view, ui, table, width, height } = props;
  const theme = useTheme();
  const ascii = !theme.unicode;
  const columns = useMemo(() => statementColumns({ mode: ui.mode, view: ui.view, blockSize: props.blockSize, ascii }), [ui.mode, ui.view, props.blockSize, ascii]);
  const dot = ` ${theme.glyphs.bullet} `;
  const mode =
    ui.mode === 'interval'
      ? `last interval${props.intervalS ? ` (${props.intervalS.toFixed(1)}s)` : ''}${view.gap === 'reset' ? ': statistics were reset, rates resume next refresh' : view.gap === 'first' ? ': rates after the next refresh' : ''}`
      : 'since reset';
  const title =
    `Statements ${view.rows.length}/${view.total}${dot}${mode}${dot}${VIEW_NAMES[ui.view]} columns (v)` +
    (view.ownHidden ? `${dot}${view.ownHidden} of pgwarden's own hidden (o shows)` : ui.showOwn ? `${dot}pgwarden's own shown (o hides)` : '') +
    (table.filter ? `${dot}filter: ${table.filter}` : '');
  const failure = failureLines(props.result, Math.max(10, width - 1));
  const notes = [...props.notes];
  if (view.filterError) notes.push(view.filterError);
  const body = Math.max(2, height - 1 - failure.length - notes.length);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold width={width} text={safeLine(title)} />
      {failure.map((l, i) => (
        <FitText key={`f${i}`} width={width} color={theme.tone(l.tone)} dimColor={l.tone === 'muted'} text={l.text} />
      ))}
      {notes.map((n) => (
        <FitText key={n} width={width} color={theme.tone('warn')} text={safeLine(n)} />
      ))}
      <Table
        columns={columns}
        rows={view.rows}
        keyOf={keyOf}
        selectedKey={table.selected}
        sort={{ column: table.sortColumn, desc: table.desc }}
        width={width}
        height={body}
        empty={table.filter ? 'no statement matches the filter' : props.result?.state === 'failed' ? ' ' : 'no statements recorded yet'}
      />
    </Box>
  );
}
