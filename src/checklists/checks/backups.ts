/**
 * Backups: the age of the last base backup where the server can tell it, and the guides' manual
 * verification steps (a test restore, row counts, point-in-time recovery, failover, an offsite
 * copy) as steps the operator answers: each answer is the step's "done" mark with its date, and
 * an answer older than the step's period fails it.
 */
import { duration } from '../../format';
import { archiverSource, type Source } from '../sources';
import { backupHistorySource } from '../tableSources';
import { grantStats } from './coverage';
import { defineCheck, gradeHigh } from './define';
import { compareIds } from '../../text/order';

const HOUR = 3600;

export const baseBackupAge = defineCheck({
  id: 'base_backup_age',
  title: 'Age of the last base backup',
  thresholdsDoc: 'warn/fail: hours since the last base backup ended (26: a daily backup with some slack; 192: a missed weekly one)',
  defaults: { warn: 26, fail: 192 },
  sources: [backupHistorySource, archiverSource],
  evaluate([hist, arch], th, env) {
    // The archiver keeps only its last file: a `.backup` there is the last backup when nothing was archived since.
    const fromArchiver = arch.lastArchivedWal?.endsWith('.backup') && arch.lastArchivedTime !== null ? { name: arch.lastArchivedWal, ended: arch.lastArchivedTime } : null;
    // The user's own program, when the step has one, knows best (backups from a standby, snapshots).
    const told = env.backupTime && 'at' in env.backupTime ? { name: `printed by the backup time command: ${env.backupTime.line}`, ended: env.backupTime.at } : undefined;
    if (env.backupTime && 'error' in env.backupTime) return { outcome: 'unknown', summary: `cannot tell: ${env.backupTime.error}`, findings: [] };
    const seen = told ?? (hist !== null && 'name' in hist ? hist : fromArchiver);
    if (!seen) {
      const blind = hist !== null && 'unavailable' in hist;
      return {
        outcome: 'unknown',
        summary: blind
          ? `cannot tell: ${hist.unavailable}, and pg_stat_archiver's last file is not a backup history file`
          : arch.archiveMode === 'off'
            ? 'cannot tell: with archive_mode off PostgreSQL removes a backup\'s history file from pg_wal as soon as it writes it; check the backup tool instead'
            : 'no backup history file in pg_wal: no base backup since the cluster was created, or backups are taken from a standby or as snapshots, which leave none; check the backup tool instead',
        findings: [],
        ...(blind ? { unseen: [{ reason: 'the backup history files in pg_wal', grant: grantStats(env.caps) }] } : {}),
      };
    }
    const hours = (env.nowS - seen.ended) / HOUR;
    const outcome = gradeHigh(hours, th);
    return {
      outcome,
      summary: `last base backup ended ${String(duration(Math.max(0, env.nowS - seen.ended)))} ago (warn after ${th.warn ?? 26} h, fail after ${th.fail ?? 192} h)`,
      evidence: { columns: ['backup history file', 'ended (UTC)'], rows: [[seen.name, new Date(seen.ended * 1000).toISOString().slice(0, 16).replace('T', ' ')]] },
      findings: outcome === 'pass' ? [] : ['base_backup:old'],
    };
  },
});

const DAY = 86_400;

/** No SQL: the answer is the operator's mark (see CheckEnv.marks). */
const NONE: readonly Source[] = [];

export const attested = defineCheck({
  id: 'attested',
  title: 'A manual step answered within its period',
  thresholdsDoc: 'fail: days after which the last "done" answer is too old (the step\'s period: 31 for "this month", 92 for "this quarter"); warn: days after which it is due soon',
  defaults: { fail: 31 },
  sources: NONE,
  evaluate(_data, th, env) {
    const last = [...(env.marks ?? [])].filter((m) => m.mark === 'done').sort((a, b) => compareIds(a.at, b.at)).at(-1);
    const period = th.fail ?? 31;
    if (!last) return { outcome: 'unknown', summary: `manual step: no answer recorded yet. Was it done within the last ${period} days? Mark it done (d) and say how in a note (n)`, findings: [] };
    const days = (env.nowS - Date.parse(last.at) / 1000) / DAY;
    const outcome = gradeHigh(days, th);
    const note = last.note ? `: "${last.note}"` : '';
    return {
      outcome,
      summary: `manual step, answered done on ${last.at.slice(0, 10)} (${Math.max(0, days).toFixed(0)} days ago, period ${period} days)${note}${outcome === 'fail' ? '; too old: do it again and mark it done (d)' : ''}`,
      findings: outcome === 'pass' ? [] : ['attested:stale'],
    };
  },
});
