import React, { useMemo } from 'react';
import { Box } from 'ink';
import { FitText, withFilter } from '../../components/FitText';
import { PaneStatus } from '../../components/PaneStatus';
import { Table } from '../../components/Table';
import { useTheme, type Tone } from '../../components/theme';
import type { CollectorResult } from '../../data/collector';
import type { RecoveryStatus, Slot, WalSender } from '../../data/collectors/replication';
import { standbyDelaySeconds } from '../../data/replicationLag';
import { bytes, duration, lsn } from '../../format';
import type { AppState } from '../../state/store';
import type { TableState } from '../../state/ui';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';
import { senderLevel, slotLevel, standbyLevel, type Level } from './alarm';
import { ChartsView } from './ChartsView';
import { senderColumns, slotColumns } from './columns';
import { senderKey, slotKey, type ReplicationView } from './model';

export interface ReplicationScreenProps {
  view: ReplicationView;
  results: (CollectorResult | undefined)[];
  senders: TableState;
  slots: TableState;
  focus: 'senders' | 'slots';
  charts: boolean;
  history: AppState['history'];
  chartTable?: { key: string; name: string };
  /** With several servers: the WAL senders' fleet rows, and this standby's primary's row. */
  fleet?: { links: Readonly<Record<string, string>>; upstreamRow: string | null };
  nowMs: number;
  width: number;
  height: number;
}

const TONE: Record<Level, Tone | undefined> = { ok: undefined, warn: 'warn', crit: 'bad' };

/** Lines shown for this server as a standby: replay, upstream, connection string. */
export function standbyLines(r: RecoveryStatus, nowMs: number, ascii: boolean): SafeText[] {
  const o = { ascii };
  const waiting = r.replayLagBytes ?? 0;
  const delay = standbyDelaySeconds(r);
  const replay =
    waiting > 0
      ? `${bytes(waiting, o)} received, not yet replayed; last replayed commit ${duration(delay, o)} ago`
      : 'caught up: everything received is replayed (the primary may simply be quiet)';
  const paused = r.pauseState && r.pauseState !== 'not paused' ? ` ${r.pauseState.toUpperCase()}` : '';
  const lines: SafeText[] = [
    joinSafe([trusted(`replay${paused}: receive `), lsn(r.receiveLsn, o), trusted(' replay '), lsn(r.replayLsn, o), trusted(` ${ascii ? '-' : '—'} ${replay}`)]),
  ];
  const w = r.receiver;
  if (!w) lines.push(trusted('no WAL receiver: not streaming (restoring from an archive, or the upstream is unreachable)'));
  else {
    const host = w.senderHost ? joinSafe([safeLine(w.senderHost), trusted(w.senderPort ? `:${w.senderPort}` : '')]) : trusted('?');
    const msg = w.lastMsgReceiptTime == null ? '' : `, last message ${duration(Math.max(0, nowMs / 1000 - w.lastMsgReceiptTime), o)} ago`;
    lines.push(
      joinSafe([
        trusted('upstream '),
        host,
        trusted(` ${ascii ? '-' : '—'} `),
        safeLine(w.status ?? 'unknown'),
        w.slot ? joinSafe([trusted(', slot '), safeLine(w.slot)]) : trusted(''),
        trusted(msg),
      ]),
    );
    if (w.conninfo) lines.push(joinSafe([trusted('conninfo: '), safeLine(w.conninfo)]));
  }
  return lines;
}

export function ReplicationScreen(props: ReplicationScreenProps): React.ReactElement {
  const { view, width, height, nowMs, focus } = props;
  const theme = useTheme();
  const ascii = !theme.unicode;
  const links = props.fleet?.links;
  const sCols = useMemo(() => senderColumns({ nowMs, ascii, links }), [nowMs, ascii, links]);
  const lCols = useMemo(() => slotColumns({ nowMs, ascii }), [nowMs, ascii]);
  const dot = ` ${theme.glyphs.bullet} `;
  const t = view.thresholds;
  const status = view.alarm.level === 'ok' ? 'OK' : view.alarm.level === 'warn' ? 'WARNING' : 'CRITICAL';
  const title = trusted([
    `Replication ${theme.glyphs.dash} ${view.role}`,
    `${view.senders.length} standby${view.senders.length === 1 ? '' : 's'}`,
    `${view.slots.length} slot${view.slots.length === 1 ? '' : 's'}`,
    `lag warn ${t.warn}s / crit ${t.crit}s (t)`,
    status,
  ].join(dot));
  // Every line is budgeted: a pane taller than its room is squeezed by the layout, and the
  // squeezed parts are drawn over each other (at 40x10 the title vanished under the lag alarm).
  // A table needs TABLE_MIN lines (its title, header and one row); what comes first is cut to
  // leave one table that much, and a second table shows only when both fit.
  const TABLE_MIN = 3;
  let rest = height - 1;
  const reasons = view.alarm.reasons.slice(0, Math.max(0, Math.min(2, rest - TABLE_MIN))).map((r) => safeLine(r));
  rest -= reasons.length;
  const failedAll = props.results.filter((r) => r?.state === 'failed');
  const failedShown = Math.min(failedAll.length, Math.floor(Math.max(0, rest - TABLE_MIN) / 2));
  rest -= failedShown * 2;
  const upstreamRow = props.fleet?.upstreamRow ? [safeLine(`upstream in this session: fleet row ${props.fleet.upstreamRow} (0, then Enter on it)`)] : [];
  const standby = (view.recovery?.inRecovery ? [...standbyLines(view.recovery, nowMs, ascii), ...upstreamRow] : []).slice(0, Math.max(0, rest - TABLE_MIN));
  rest -= standby.length;
  const chartsHeight = props.charts ? Math.max(0, Math.floor((rest - TABLE_MIN) / 2)) : 0;
  rest -= chartsHeight;
  const wantSenders = view.role === 'primary' || view.senders.length > 0;
  const both = wantSenders && rest >= 2 * TABLE_MIN;
  // With room for one table only, the one with the cursor is shown.
  const showSenders = wantSenders && (both || focus === 'senders');
  const showSlots = !wantSenders || both || focus === 'slots';
  // Each table: a title line and its header, then rows; the senders get what they need first.
  const sendersHeight = !showSenders ? 0 : showSlots ? Math.max(2, Math.min(view.senders.length + 1, rest - 1 - TABLE_MIN)) : Math.max(2, rest - 1);
  const slotsHeight = Math.max(2, rest - (showSenders ? sendersHeight + 1 : 0) - 1);
  let shownFailures = 0;
  const mark = (on: boolean) => (on ? theme.glyphs.pointer : ' ');
  const sTone = (s: WalSender) => TONE[senderLevel(s, t)];
  const lTone = (s: Slot) => TONE[slotLevel(s)];
  const standbyTone = view.recovery ? TONE[standbyLevel(view.recovery, t)] : undefined;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold color={theme.tone(view.alarm.level === 'crit' ? 'bad' : view.alarm.level === 'warn' ? 'warn' : 'ok')} width={width} text={title} />
      {reasons.map((r) => (
        <FitText key={r} color={theme.tone(view.alarm.level === 'crit' ? 'bad' : 'warn')} width={width} text={joinSafe([trusted(`${theme.glyphs.bullet} `), r])} />
      ))}
      {props.results.map((r, i) => (r?.state === 'failed' && shownFailures++ < failedShown ? <PaneStatus key={i} result={r} /> : null))}
      {standby.map((l, i) => (
        <FitText key={i} color={i === 0 && standbyTone ? theme.tone(standbyTone) : undefined} width={width} text={l} />
      ))}
      {showSenders ? (
        <>
          <FitText bold width={width} text={withFilter(`${mark(focus === 'senders')} WAL senders (pg_stat_replication)`, props.senders.filter, theme.glyphs.bullet)} />
          <Table
            columns={sCols}
            rows={view.senders}
            keyOf={senderKey}
            selectedKey={focus === 'senders' ? props.senders.selected : null}
            sort={{ column: props.senders.sortColumn, desc: props.senders.desc }}
            width={width}
            height={sendersHeight}
            toneOf={sTone}
            empty={view.role === 'primary' ? 'no standby connected' : 'no cascading standby'}
          />
        </>
      ) : null}
      {showSlots ? (
        <>
          <FitText bold width={width} text={withFilter(`${mark(focus === 'slots')} Replication slots`, props.slots.filter, theme.glyphs.bullet)} />
          <Table
            columns={lCols}
            rows={view.slots}
            keyOf={slotKey}
            selectedKey={focus === 'slots' ? props.slots.selected : null}
            sort={{ column: props.slots.sortColumn, desc: props.slots.desc }}
            width={width}
            height={slotsHeight}
            toneOf={lTone}
            empty="no replication slots"
          />
        </>
      ) : null}
      {props.charts && chartsHeight > 0 ? <ChartsView history={props.history} table={props.chartTable} width={width} height={chartsHeight} /> : null}
    </Box>
  );
}
