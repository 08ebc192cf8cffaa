/**
 * Connection usage now, its peak in this session, and the same figures of earlier sessions: a pool
 * that grows a little every week shows long before clients are refused.
 */
import { connectionsSource } from '../sources';
import { trend, TREND_RUNS, type Point } from '../growth';
import type { Metrics, Outcome } from '../types';
import { grantStats } from './coverage';
import { defineCheck, gradeAbove, pct, worst } from './define';
import { numOf, when } from './history';

interface ConnSample {
  at: number;
  clients: number;
  peak: number;
  usable: number;
  maxConnections: number;
}

function fromMetrics(m: Metrics | undefined): ConnSample | undefined {
  const at = numOf(m, 'at');
  const clients = numOf(m, 'clients');
  const usable = numOf(m, 'usable');
  if (at === null || clients === null || usable === null || usable <= 0) return undefined;
  return { at, clients, peak: Math.max(clients, numOf(m, 'peak') ?? clients), usable, maxConnections: numOf(m, 'maxConnections') ?? usable };
}

const LABEL: Record<Outcome, string> = { pass: 'ok', warn: 'WARN', fail: 'FAIL', unknown: '?' };

export const connectionUsage = defineCheck({
  id: 'connections',
  title: 'Connection usage',
  thresholdsDoc: 'warn/fail: client connections as a share of max_connections less reserved slots, above which the step warns / fails (0.8 = 80 %)',
  defaults: { warn: 0.8, fail: 0.95 },
  sources: [connectionsSource],
  evaluate([c], th, env) {
    // Ordinary roles run out at max_connections minus the reserved slots, not at max_connections.
    const usable = Math.max(1, c.maxConnections - c.reserved);
    const share = c.clients / usable;
    // The peak of this session: the highest count any run of this step saw (the same limit).
    const before = fromMetrics(env.earlier);
    const peak = Math.max(c.clients, before && before.usable === usable ? before.peak : 0);
    const outcome = gradeAbove(share, th);
    const cur: ConnSample = { at: env.nowS, clients: c.clients, peak, usable, maxConnections: c.maxConnections };
    const past = (env.history ?? []).flatMap((r) => fromMetrics(r.metrics) ?? []).filter((s) => s.at < cur.at);
    const all = [...past, cur];
    const notes: string[] = [];
    if (c.hidden > 0) notes.push(`${c.hidden} of them other roles' sessions whose state this role cannot see, counted as clients (some may be parallel workers; ${grantStats(env.caps)} shows them)`);
    if (peak > c.clients) notes.push(`peak this session ${peak} (${pct(peak / usable)})`);
    if (past.length === 0) notes.push('no earlier session to compare with: judged on now only');
    else {
      const tr = trend(all.map((s): Point => ({ at: s.at, value: s.peak / s.usable })));
      if (tr && Math.abs(tr.perWeek) >= 0.005) notes.push(`peak use ${tr.perWeek > 0 ? 'rising' : 'falling'} ${(Math.abs(tr.perWeek) * 100).toFixed(1)} points a week over ${tr.runs} runs`);
      const worstPast = past.reduce((w, s) => (s.peak / s.usable > w.peak / w.usable ? s : w));
      notes.push(`highest earlier peak ${worstPast.peak} of ${worstPast.usable} on ${when(worstPast.at).slice(0, 10)}`);
    }
    return {
      outcome,
      summary: [`${c.clients} of ${usable} usable connections (${pct(share)}; max_connections ${c.maxConnections}, ${c.reserved} reserved)`, ...notes].join('; '),
      evidence: {
        columns: ['run (UTC)', 'clients', 'peak', 'usable', 'max_connections', 'use', 'peak use', 'verdict'],
        rows: all.slice(-TREND_RUNS).map((s) => [
          s === cur ? `${when(s.at)} (now: ${c.active} active, ${c.idle} idle, ${c.idleInXact} idle in transaction)` : when(s.at),
          String(s.clients),
          String(s.peak),
          String(s.usable),
          String(s.maxConnections),
          pct(s.clients / s.usable),
          pct(s.peak / s.usable),
          LABEL[worst([gradeAbove(s.clients / s.usable, th), gradeAbove(s.peak / s.usable, th)])],
        ]),
      },
      findings: outcome === 'pass' ? [] : ['connections:usage'],
      metrics: { at: cur.at, clients: cur.clients, peak, usable, maxConnections: c.maxConnections, active: c.active, idleInXact: c.idleInXact },
    };
  },
});
