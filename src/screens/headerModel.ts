/**
 * What the summary header says, computed from the store's state: which server, how busy, how
 * healthy, and whether what is shown is live. Pure; components/Header.tsx draws it. It reads the
 * replication and PgBouncer panes' contributions, which is why it lives with the screens.
 */
import { dataOf } from '../data/collector';
import { dbSizeCollector, summaryCollector, type DbSize, type Summary } from '../data/collectors/summary';
import type { HeaderLines, HeaderPart } from '../components/Header';
import type { Glyphs } from '../components/theme';
import { bytes, count, duration, percent } from '../format';
import { ageText, staleLabel } from '../format/stale';
import { grade, LOWER_IS_WORSE, type Severity, type ThresholdName } from '../problems/thresholds';
import { staleness } from '../state/staleness';
import type { AppState } from '../state/store';
import { joinSafe, safeLine, safeMsg, trusted, type SafeText } from '../text/sanitize';
import { bouncerHeader } from './pgbouncer/header';
import { headerChart, replicationFlag } from './replication/headerFlag';
import { pastLabel } from '../state/past';

export interface HeaderOptions {
  target: string;
  readOnly: boolean;
  width: number;
  glyphs: Pick<Glyphs, 'bullet' | 'dash' | 'ellipsis'>;
  ascii: boolean;
}

/** How a header figure stands against its threshold (no hold: the header shows the figure as it is now). */
export function figureSeverity(state: Pick<AppState, 'thresholds'>, name: ThresholdName, value: number | null | undefined): Severity | undefined {
  return grade(value, state.thresholds[name], LOWER_IS_WORSE.has(name), undefined, 0);
}

export function headerModel(state: AppState, { target, readOnly, width, glyphs, ascii }: HeaderOptions): HeaderLines {
  const { caps, status, snapshot, ui, rates } = state;
  const sum: Summary | undefined = dataOf(snapshot, summaryCollector);
  const size: DbSize | undefined = dataOf(snapshot, dbSizeCollector);
  const dot = ` ${glyphs.bullet} `;
  const dash = glyphs.dash;

  const role = caps ? ((sum?.inRecovery ?? caps.inRecovery) ? 'standby' : 'primary') : '';
  const bouncer = bouncerHeader(state);
  const line1 = joinSafe(
    [
      trusted('pgwarden'),
      // The PgBouncer product line is built from sanitized parts (its version string).
      caps ? safeMsg`PostgreSQL ${caps.version.split(' ')[0]}` : trusted(bouncer?.product ?? `connecting${glyphs.ellipsis}`),
      trusted(role),
      // Uptime as of the shown snapshot (server clock): it stops when the data stops.
      caps && snapshot ? trusted(`up ${duration(snapshot.takenAt / 1000 - caps.startedAt, { ascii })}`) : trusted(''),
      safeLine(target),
    ].filter(Boolean),
    trusted(dot),
  );

  const stale = staleness(state);
  const flags: HeaderLines['flags'] = [];
  if (stale && snapshot) flags.push({ text: staleLabel(stale, ascii), tone: 'bad' });
  const past = pastLabel(state.past, ascii);
  if (past) flags.push({ text: past, tone: 'warn' });
  if (ui.paused) flags.push({ text: 'PAUSED', tone: 'warn' });
  if (readOnly) flags.push({ text: 'READ-ONLY', tone: 'info' });
  const repl = replicationFlag(state);
  if (repl) flags.push(repl);
  const chart = headerChart(state, Math.min(30, Math.max(0, width - 90)) || 12, ascii);

  // The header's figures are our words and formatted numbers only.
  const judged = (words: string, severity: Severity | undefined): HeaderPart => ({ text: trusted(words), severity });
  const max = caps?.maxConnections;
  const connSev = sum && max ? figureSeverity(state, 'connections', sum.clientTotal / max) : undefined;
  // pgwarden's own sessions are not counted: the figures describe the workload the panes list.
  const conns = sum
    ? `conn ${sum.clientTotal}/${caps?.maxConnections ?? '?'} (act ${sum.active}, idle ${sum.idle}, txn ${sum.idleInXact}` +
      `${sum.otherState ? `, other ${sum.otherState}` : ''}${sum.lockWaiting ? `, wait ${sum.lockWaiting}` : ''})`
    : `conn ${dash}`;
  const line2: HeaderPart[] = bouncer
    ? [{ text: trusted(bouncer.counts) }]
    : [
        judged(conns, connSev),
        { text: trusted(`  tps ${rates.tps == null ? dash : count(rates.tps)}${chart ? ` ${chart}` : ''}  `) },
        judged(`hit ${rates.hitRatio == null ? dash : percent(rates.hitRatio)}`, figureSeverity(state, 'cacheHit', rates.hitRatio)),
      ];
  // The size is read every few minutes (pg_database_size() stats every file): say how old it is.
  const sizeResult = snapshot?.results[dbSizeCollector.id];
  const sizeAt = sizeResult?.state === 'ok' ? sizeResult.at : sizeResult?.stale?.at;
  const sizeAgeS = size && sizeAt != null && snapshot ? (snapshot.takenAt - sizeAt) / 1000 : null;
  // The longest transaction is what holds the xmin horizon back; the xmin age counts toward wraparound.
  const line3: HeaderPart[] = bouncer
    ? [{ text: trusted(`refresh ${ui.intervalMs / 1000}s`) }]
    : [
        judged(`longest xact ${sum?.longestXactS == null ? dash : duration(sum.longestXactS, { ascii })}`, figureSeverity(state, 'xminHorizonSeconds', sum?.longestXactS)),
        { text: trusted('  ') },
        judged(`xmin age ${sum?.oldestXminAge == null ? dash : count(sum.oldestXminAge)}`, figureSeverity(state, 'wraparoundAge', sum?.oldestXminAge)),
        { text: trusted(`  db ${size ? bytes(size.bytes) : dash}${sizeAgeS != null && sizeAgeS >= 60 ? ` (${duration(sizeAgeS, { ascii })} ago)` : ''}`) },
        { text: trusted(`  refresh ${ui.intervalMs / 1000}s` + (snapshot ? ` (took ${Math.round(snapshot.tickMs)} ms)` : '')) },
      ];
  return { line1, flags, line2, line3, status: statusOf(state, stale, glyphs, ascii) };
}

/** The connection's trouble, in place of the third line. */
function statusOf(state: AppState, stale: ReturnType<typeof staleness>, glyphs: HeaderOptions['glyphs'], ascii: boolean): HeaderLines['status'] {
  const { status, ui } = state;
  const dash = glyphs.dash;
  // Under a second (a quick reconnect after a restart) is not worth a count.
  const waited = stale?.noAnswerS ? `, no answer for ${ageText(stale.noAnswerS, ascii)}` : '';
  if (status.state === 'lost')
    return { text: safeMsg`connection lost ${dash} reconnecting (attempt ${status.attempt}${waited}): ${status.failure.message}`, tone: 'bad' };
  if (status.state === 'connecting')
    return { text: trusted(status.attempt ? `reconnecting (attempt ${status.attempt}${waited})` : `connecting${glyphs.ellipsis}`), tone: 'warn' };
  if (stale?.noAnswerS) {
    // Connected, and the refresh sent has not come back: the server or the network has stopped.
    const age = stale.dataAgeS == null ? '' : ` ${dash} data shown is ${ageText(stale.dataAgeS, ascii)} old`;
    return { text: trusted(`no answer for ${ageText(stale.noAnswerS, ascii)}${age} (refresh ${ui.intervalMs / 1000}s)`), tone: 'bad' };
  }
  return undefined;
}
