/**
 * PgBouncer in the overloaded runbook: clients queued for a server connection, the pool sizes
 * against the server's max_connections, and the databases left paused. Read on PgBouncer's admin
 * console when the session knows one; otherwise the step says what to run there by hand.
 */
import { CONSOLE_DATABASE, HEADROOM, sizing, SUPERUSER_RESERVED, WAIT_CRITICAL_S, WAIT_WARN_S } from '../../data/pgbouncer/sizing';
import { bouncerSource, type BouncerReading } from '../bouncerSource';
import { connectionsSource } from '../sources';
import type { CheckResult, Outcome } from '../types';
import { defineCheck, gradeAbove, worst } from './define';

/** The step without a console: what to look at there, in words (the runbook's plain instruction). */
function byHand(b: Extract<BouncerReading, { known: false }>, what: string): CheckResult {
  return { outcome: 'unknown', summary: `${b.reason}: ${what}`, findings: [] };
}

const secs = (s: number): string => `${s.toFixed(1)} s`;

export const bouncerPools = defineCheck({
  id: 'pgbouncer_pools',
  title: 'PgBouncer: clients waiting for a server connection',
  thresholdsDoc: "warn/fail: seconds the longest-waiting client of a pool has queued for a server connection (SHOW POOLS' maxwait); pools that may open more server connections than the server's max_connections less reserved fail",
  defaults: { warn: WAIT_WARN_S, fail: WAIT_CRITICAL_S },
  sources: [bouncerSource, connectionsSource],
  evaluate([b, conn], th) {
    if (!b.known) return byHand(b, "on PgBouncer's admin console (psql -p 6432 -U <admin> pgbouncer) run SHOW POOLS: clients waiting (cl_waiting) with a maxwait of seconds, every server connection active (sv_active = pool_size), mean the pool is saturated; SHOW DATABASES gives each pool_size");
    const { snap } = b;
    const sizes = new Map(snap.databases.map((d) => [d.name, d]));
    const pools = snap.pools.filter((p) => p.database !== CONSOLE_DATABASE);
    const grade = (p: (typeof pools)[number]): Outcome => (p.clWaiting > 0 ? gradeAbove(p.maxwaitS, th) : 'pass');
    const size = sizing(snap, conn.maxConnections);
    // The pools may together open more than the server accepts: clients then fail, not queue.
    const sizeOutcome: Outcome = size.total > conn.maxConnections - SUPERUSER_RESERVED ? 'fail' : size.recommended !== null && size.total > size.recommended ? 'warn' : 'pass';
    const waiting = pools.reduce((n, p) => n + p.clWaiting, 0);
    const longest = pools.reduce((m, p) => Math.max(m, p.clWaiting > 0 ? p.maxwaitS : 0), 0);
    const bad = pools.filter((p) => grade(p) !== 'pass');
    const sizeLine = `pools may open ${size.total} server connections, recommended at most ${size.recommended ?? '?'} for max_connections ${conn.maxConnections} (less ${SUPERUSER_RESERVED} reserved, ${HEADROOM * 100} % headroom)`;
    return {
      outcome: worst([...pools.map(grade), sizeOutcome]),
      summary: `PgBouncer ${snap.version}: ${waiting} clients waiting in ${bad.length} pools${waiting ? `, longest ${secs(longest)}` : ''} (warn above ${secs(th.warn ?? WAIT_WARN_S)}); ${sizeLine}`,
      evidence: {
        columns: ['database', 'user', 'clients active', 'waiting', 'longest wait', 'server active', 'server idle', 'pool_size', 'mode', 'paused'],
        rows: [...pools]
          .sort((x, y) => y.maxwaitS - x.maxwaitS || y.clWaiting - x.clWaiting)
          .map((p) => {
            const d = sizes.get(p.database);
            return [p.database, p.user, String(p.clActive), String(p.clWaiting), secs(p.maxwaitS), String(p.svActive), String(p.svIdle), String(d?.poolSize ?? snap.config.default_pool_size ?? ''), p.poolMode ?? '', d?.paused ? 'yes' : 'no'];
          }),
      },
      findings: [...bad.map((p) => `pgbouncer_pool:${p.database}/${p.user}`), ...(sizeOutcome === 'pass' ? [] : ['pgbouncer_sizing'])],
    };
  },
});

export const bouncerPaused = defineCheck({
  id: 'pgbouncer_paused',
  title: 'PgBouncer: databases left paused',
  thresholdsDoc: 'none: a database PAUSEd (or KILLed) on PgBouncer fails until RESUME; its clients queue meanwhile',
  defaults: {},
  sources: [bouncerSource],
  evaluate([b]) {
    if (!b.known) return byHand(b, "on PgBouncer's admin console run RESUME <database>; for each database paused earlier, then SHOW DATABASES: the paused column is 0 everywhere and SHOW POOLS' cl_waiting drains");
    const dbs = b.snap.databases.filter((d) => d.name !== CONSOLE_DATABASE);
    const paused = dbs.filter((d) => d.paused);
    const queued = (name: string): number => b.snap.pools.filter((p) => p.database === name).reduce((n, p) => n + p.clWaiting, 0);
    return {
      outcome: paused.length ? 'fail' : 'pass',
      summary: paused.length ? `${paused.length} databases paused on PgBouncer (RESUME <database>; on its console): their clients queue until then` : `no database is paused on PgBouncer (${dbs.length} databases)`,
      evidence: { columns: ['database', 'paused', 'disabled', 'clients waiting'], rows: dbs.map((d) => [d.name, d.paused ? 'yes' : 'no', d.disabled ? 'yes' : 'no', String(queued(d.name))]) },
      findings: paused.map((d) => `pgbouncer_paused:${d.name}`),
    };
  },
});
