/**
 * Before a migration: which sessions hold locks on the database's tables, and since when. An
 * ALTER TABLE waits for ACCESS EXCLUSIVE behind each of them, and every query on the table
 * waits behind the ALTER: the guides' deployment list checks for them first.
 */
import { duration } from '../../format';
import { relationLocksSource } from '../tableSources';
import type { Unseen } from '../types';
import { counted, grantStats, withUnseen } from './coverage';
import { defineCheck, gradeHigh, qname, worst } from './define';

export const relationLocks = defineCheck({
  id: 'relation_locks',
  title: 'Locks held on tables',
  thresholdsDoc: 'warn/fail: seconds a transaction holding a lock on a table has been open (a migration\'s DDL would queue behind it)',
  defaults: { warn: 10, fail: 60 },
  sources: [relationLocksSource],
  evaluate([locks], th, env) {
    const bad = locks.filter((l) => l.xactSecs !== null && gradeHigh(l.xactSecs, th) !== 'pass');
    const hidden = locks.filter((l) => l.xactSecs === null && l.pid !== null);
    const unseen: Unseen[] = hidden.length === 0 || env.caps.isSuperuser || env.caps.readAllStats ? [] : [{ reason: `${counted(hidden.length, 'lock')} of other roles' sessions whose transaction age this role cannot see`, grant: grantStats(env.caps) }];
    const tables = [...new Set(bad.map((l) => qname(l.schema, l.name)))];
    return withUnseen(
      {
        outcome: worst(bad.map((l) => gradeHigh(l.xactSecs!, th))),
        summary: bad.length === 0 ? `no transaction open ${th.warn ?? 10} s or more holds a lock on a table (${counted(locks.length, 'lock')} held or awaited)` : `${counted(tables.length, 'table')} locked by transactions open ${th.warn ?? 10} s or more: ${tables.slice(0, 5).join(', ')}`,
        evidence: { columns: ['table', 'mode', 'granted', 'pid', 'user', 'state', 'transaction open'], rows: locks.slice(0, 30).map((l) => [qname(l.schema, l.name), l.mode, l.granted ? 'yes' : 'waiting', l.pid === null ? 'prepared' : String(l.pid), l.user ?? '', l.state ?? '', l.xactSecs === null ? '' : String(duration(l.xactSecs))]) },
        findings: bad.map((l) => `relation_lock:${l.schema}.${l.name}:${l.pid ?? 'prepared'}`),
      },
      unseen,
    );
  },
});
