/** Problems named after one session: lock blockers, idle transactions, long queries, the xmin horizon holder. */
import { dataOf } from '../../data/collector';
import { backendKey } from '../../data/collectors/activity';
import { problemsCollector, type SuspectSession } from '../../data/collectors/problems';
import { summaryCollector } from '../../data/collectors/summary';
import { count, duration } from '../../format';
import { safeLine, trusted } from '../../text/sanitize';
import type { Candidate } from '../types';
import { elapsed, say, shortQuery, who } from '../text';
import { judge, nowFor, over, type DetectContext } from './context';

const idOf = (kind: string, s: SuspectSession): string => `${kind}:${s.pid}:${s.backendStart ?? ''}`;
const rowOf = (s: SuspectSession): string => backendKey(s.pid, s.backendStart);
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

export function sessionProblems(ctx: DetectContext): Candidate[] {
  const sus = dataOf(ctx.snap, problemsCollector);
  if (!sus) return [];
  const out: Candidate[] = [];
  const now = nowFor(ctx, sus.now);
  const blockers = new Set<number>();
  for (const b of sus.blockers) {
    const id = idOf('lock-blocker', b);
    const severity = judge(ctx, id, 'blockedSessions', b.blocked);
    if (!severity) continue;
    blockers.add(b.pid);
    out.push({
      id,
      severity,
      subject: { kind: 'pid', value: String(b.pid) },
      text: say`${who(b, now)} blocks ${b.blocked} ${trusted(plural(b.blocked, 'session', 'sessions'))}`,
      pane: { screen: 'locks', key: '2', row: rowOf(b) },
    });
  }
  for (const s of sus.idleInXact) {
    // A blocker's sentence already says it is idle in transaction.
    if (blockers.has(s.pid)) continue;
    const age = elapsed(now, s.since);
    out.push(
      ...over(ctx, idOf('idle-in-transaction', s), 'idleInTransactionSeconds', age, () => ({
        subject: { kind: 'pid', value: String(s.pid) },
        text: say`${who({ ...s, state: null }, now)} has been idle in transaction for ${duration(age)}`,
        pane: { screen: 'activity', key: '1', row: rowOf(s) },
      })),
    );
  }
  for (const s of sus.longQueries) {
    const age = elapsed(now, s.since);
    out.push(
      ...over(ctx, idOf('long-query', s), 'queryDurationSeconds', age, () => ({
        subject: { kind: 'pid', value: String(s.pid) },
        text: say`${who({ ...s, state: null }, now)} has run '${shortQuery(s.query)}' for ${duration(age)}`,
        pane: { screen: 'activity', key: '1', row: rowOf(s) },
      })),
    );
  }
  const h = sus.horizon;
  if (h) {
    const age = elapsed(now, h.xactStart);
    const state = h.state ? say`${safeLine(h.state)}, ` : trusted('');
    const dead = h.deadTuples ? say`: ${count(h.deadTuples)} dead tuples cannot be removed` : trusted('');
    out.push(
      ...over(ctx, idOf('xmin-horizon', h), 'xminHorizonSeconds', age, () => ({
        subject: { kind: 'pid', value: String(h.pid) },
        text: say`${who(h, now, false)} holds the xmin horizon for ${duration(age)} (${state}xid age ${count(h.xidAge)})${dead}`,
        pane: { screen: 'horizon', key: '7', row: rowOf(h) },
      })),
    );
  }
  const storm = sus.newBackends;
  if (storm.windowS > 0) {
    const perSecond = storm.count / storm.windowS;
    const clients = dataOf(ctx.snap, summaryCollector)?.clientTotal;
    const current = clients === undefined ? trusted('') : say`, ${clients} client connections now`;
    out.push(
      ...over(ctx, 'connection-storm', 'connectionStormPerSecond', perSecond, () => ({
        subject: { kind: 'server', value: 'connections' },
        text: say`connection storm: ${storm.count} new connections in ${storm.windowS}s (${trusted(perSecond.toFixed(1))}/s)${current}`,
        pane: { screen: 'activity', key: '1' },
      })),
    );
  }
  return out;
}
