import React from 'react';
import { Box, Text } from 'ink';
import type { AppState } from '../state/store';
import type { Summary, DbSize } from '../data/collectors/summary';
import { dataOf } from '../data/collector';
import { summaryCollector, dbSizeCollector } from '../data/collectors/summary';
import { joinSafe, safeLine, safeMsg, trusted } from '../text/sanitize';
import { bytes, count, duration, percent } from '../format';
import { useTheme } from './theme';
import { FitParts, FitText, type Part } from './FitText';
import { grade, LOWER_IS_WORSE, type Severity, type ThresholdName } from '../problems/thresholds';
import { headerChart, replicationFlag } from '../screens/replication/headerFlag';
import { ageText, staleLabel, staleness } from '../state/staleness';
import { bouncerHeader } from '../screens/pgbouncer/header';
import { pastLabel } from '../rewind/label';

export const HEADER_LINES = 3;

/** How a header figure stands against its threshold (no hold: the header shows the figure as it is now). */
export function figureSeverity(state: Pick<AppState, 'thresholds'>, name: ThresholdName, value: number | null | undefined): Severity | undefined {
  return grade(value, state.thresholds[name], LOWER_IS_WORSE.has(name), undefined, 0);
}

export interface HeaderProps {
  state: AppState;
  target: string;
  readOnly: boolean;
  width: number;
}

/** The summary header: what server, how busy, how healthy, and whether what you see is live. */
export function Header({ state, target, readOnly, width }: HeaderProps): React.ReactElement {
  const theme = useTheme();
  const ascii = !theme.unicode;
  const { caps, status, snapshot, ui, rates } = state;
  const sum: Summary | undefined = dataOf(snapshot, summaryCollector);
  const size: DbSize | undefined = dataOf(snapshot, dbSizeCollector);
  const dot = ` ${theme.glyphs.bullet} `;
  const dash = theme.glyphs.dash;

  const role = caps ? ((sum?.inRecovery ?? caps.inRecovery) ? 'standby' : 'primary') : '';
  const bouncer = bouncerHeader(state);
  const line1 = joinSafe(
    [
      trusted('pgwarden'),
      // The PgBouncer product line is built from sanitized parts (its version string).
      caps ? safeMsg`PostgreSQL ${caps.version.split(' ')[0]}` : trusted(bouncer?.product ?? `connecting${theme.glyphs.ellipsis}`),
      trusted(role),
      // Uptime as of the shown snapshot (server clock): it stops when the data stops.
      caps && snapshot ? trusted(`up ${duration(snapshot.takenAt / 1000 - caps.startedAt, { ascii })}`) : trusted(''),
      safeLine(target),
    ].filter(Boolean),
    trusted(dot),
  );

  const stale = staleness(state);
  const flags: { text: string; tone: 'warn' | 'bad' | 'info' }[] = [];
  if (stale && snapshot) flags.push({ text: staleLabel(stale, ascii), tone: 'bad' });
  const past = pastLabel(state.past, ascii);
  if (past) flags.push({ text: past, tone: 'warn' });
  if (ui.paused) flags.push({ text: 'PAUSED', tone: 'warn' });
  if (readOnly) flags.push({ text: 'READ-ONLY', tone: 'info' });
  const repl = replicationFlag(state);
  if (repl) flags.push(repl);
  const chart = headerChart(state, Math.min(30, Math.max(0, width - 90)) || 12, ascii);

  // A figure past its threshold: coloured, and a marker after it that reads without colour.
  // The header's figures are our words and formatted numbers only.
  const judged = (words: string, sev: Severity | undefined): Part[] => {
    const text = trusted(words);
    return sev
      ? [{ text, color: theme.tone(sev === 'critical' ? 'bad' : 'warn'), bold: sev === 'critical' }, { text: trusted(` ${sev === 'critical' ? theme.glyphs.alertCritical : theme.glyphs.alertWarn}`), color: theme.tone(sev === 'critical' ? 'bad' : 'warn'), bold: true }]
      : [{ text }];
  };
  const max = caps?.maxConnections;
  const connSev = sum && max ? figureSeverity(state, 'connections', sum.clientTotal / max) : undefined;
  // pgwarden's own sessions are not counted: the figures describe the workload the panes list.
  const conns = sum
    ? `conn ${sum.clientTotal}/${caps?.maxConnections ?? '?'} (act ${sum.active}, idle ${sum.idle}, txn ${sum.idleInXact}` +
      `${sum.otherState ? `, other ${sum.otherState}` : ''}${sum.lockWaiting ? `, wait ${sum.lockWaiting}` : ''})`
    : `conn ${dash}`;
  // Our words, formatted numbers and sanitized names only.
  const line2: Part[] = bouncer
    ? [{ text: trusted(bouncer.counts) }]
    : [
        ...judged(conns, connSev),
        { text: trusted(`  tps ${rates.tps == null ? dash : count(rates.tps)}${chart ? ` ${chart}` : ''}  `) },
        ...judged(`hit ${rates.hitRatio == null ? dash : percent(rates.hitRatio)}`, figureSeverity(state, 'cacheHit', rates.hitRatio)),
      ];
  // The size is read every few minutes (pg_database_size() stats every file): say how old it is.
  const sizeResult = snapshot?.results[dbSizeCollector.id];
  const sizeAt = sizeResult?.state === 'ok' ? sizeResult.at : sizeResult?.stale?.at;
  const sizeAgeS = size && sizeAt != null && snapshot ? (snapshot.takenAt - sizeAt) / 1000 : null;
  // The longest transaction is what holds the xmin horizon back; the xmin age counts toward wraparound.
  const line3Parts: Part[] = bouncer ? [{ text: trusted(`refresh ${ui.intervalMs / 1000}s`) }] : [
    ...judged(`longest xact ${sum?.longestXactS == null ? dash : duration(sum.longestXactS, { ascii })}`, figureSeverity(state, 'xminHorizonSeconds', sum?.longestXactS)),
    { text: trusted('  ') },
    ...judged(`xmin age ${sum?.oldestXminAge == null ? dash : count(sum.oldestXminAge)}`, figureSeverity(state, 'wraparoundAge', sum?.oldestXminAge)),
    { text: trusted(`  db ${size ? bytes(size.bytes) : dash}${sizeAgeS != null && sizeAgeS >= 60 ? ` (${duration(sizeAgeS, { ascii })} ago)` : ''}`) },
    { text: trusted(`  refresh ${ui.intervalMs / 1000}s` + (snapshot ? ` (took ${Math.round(snapshot.tickMs)} ms)` : '')) },
  ];
  let statusText = trusted('');
  let statusTone: 'bad' | 'warn' | undefined;
  // Under a second (a quick reconnect after a restart) is not worth a count.
  const waited = stale?.noAnswerS ? `, no answer for ${ageText(stale.noAnswerS, ascii)}` : '';
  if (status.state === 'lost') {
    statusText = safeMsg`connection lost ${dash} reconnecting (attempt ${status.attempt}${waited}): ${status.failure.message}`;
    statusTone = 'bad';
  } else if (status.state === 'connecting') {
    statusText = trusted(status.attempt ? `reconnecting (attempt ${status.attempt}${waited})` : `connecting${theme.glyphs.ellipsis}`);
    statusTone = 'warn';
  } else if (stale?.noAnswerS) {
    // Connected, and the refresh sent has not come back: the server or the network has stopped.
    const age = stale.dataAgeS == null ? '' : ` ${dash} data shown is ${ageText(stale.dataAgeS, ascii)} old`;
    statusText = trusted(`no answer for ${ageText(stale.noAnswerS, ascii)}${age} (refresh ${ui.intervalMs / 1000}s)`);
    statusTone = 'bad';
  }
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Box flexGrow={1}>
          <FitText bold text={line1} width={width - flags.reduce((n, f) => n + f.text.length + 2, 0)} />
        </Box>
        {flags.map((f) => (
          <Text key={f.text} inverse color={theme.tone(f.tone)}>
            {` ${f.text} `}
          </Text>
        ))}
      </Box>
      <FitParts parts={line2} width={width} />
      {statusText ? (
        <FitText color={theme.tone(statusTone ?? 'warn')} bold text={statusText} width={width} />
      ) : (
        <FitParts parts={line3Parts} width={width} />
      )}
    </Box>
  );
}
