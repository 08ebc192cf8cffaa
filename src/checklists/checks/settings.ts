/**
 * The settings review of the weekly session: pg_settings against the operations guides' values,
 * each difference with why it matters and the ALTER SYSTEM (or ALTER ROLE) that would change it.
 * Memory settings are shown but not judged: no SQL tells the server's memory, and a verdict
 * without it would be a guess; they are informational rows (see README), not an `unknown` step,
 * which would make every weekly run end "unknown" on every server.
 */
import { quoteIdent } from '../../data/sql/ident';
import { quoteLiteral } from '../fix';
import { checkpointsSource, settingsFactsSource, settingsSource, type SettingsFacts, type SettingValue } from '../tableSources';
import type { Outcome } from '../types';
import { defineCheck, worst } from './define';

type Verdict = Outcome | 'info';

interface Row {
  setting: string;
  current: string;
  /** The guides' value, as the ALTER SYSTEM would set it. */
  value: string;
  why: string;
  outcome: Verdict;
  statement: string;
}

const UNIT: Record<string, number> = { ms: 1, s: 1000, min: 60_000, kB: 1024, '8kB': 8192, MB: 1024 ** 2 };

/** A numeric setting in its base (ms or bytes); NaN for a non-numeric one. */
const amount = (v: SettingValue): number => Number(v.setting) * (v.unit ? UNIT[v.unit] ?? 1 : 1);
const shown = (v: SettingValue): string => (v.unit && v.unit !== '8kB' ? `${v.setting} ${v.unit}` : v.unit === '8kB' ? `${Math.round((Number(v.setting) * 8) / 1024)} MB` : v.setting || "''");
const alter = (name: string, value: string): string => `ALTER SYSTEM SET ${name} = ${quoteLiteral(value)};`;

/** The guide's value for a role's statement_timeout: long enough for its heaviest request, short enough to end a runaway. */
export const ROLE_STATEMENT_TIMEOUT = '30s';

type Rule = (get: (name: string) => SettingValue | undefined, f: SettingsFacts) => Omit<Row, 'current' | 'statement' | 'setting'> | undefined;

/** Each reviewed setting: when it differs from the guides, the verdict, the value and why. */
const RULES: [string, Rule][] = [
  ['log_min_duration_statement', (g) => (g('log_min_duration_statement')?.setting === '-1' ? { outcome: 'warn', value: '1s', why: 'no statement is logged for its duration: a slow query in the night leaves no trace; the guides log those over 1 s' } : undefined)],
  ['log_lock_waits', (g) => (g('log_lock_waits')?.setting === 'off' ? { outcome: 'warn', value: 'on', why: 'sessions waiting on a lock longer than deadlock_timeout are not logged: a lock incident leaves no trace' } : undefined)],
  ['log_checkpoints', (g) => (g('log_checkpoints')?.setting === 'off' ? { outcome: 'warn', value: 'on', why: 'checkpoints are not logged: their duration and the WAL they cover are what tunes max_wal_size' } : undefined)],
  ['log_autovacuum_min_duration', (g) => (g('log_autovacuum_min_duration')?.setting === '-1' ? { outcome: 'warn', value: '10s', why: 'autovacuum runs are not logged: a table it cannot keep up with, or cannot clean, goes unseen' } : undefined)],
  ['track_counts', (g) => (g('track_counts')?.setting === 'off' ? { outcome: 'fail', value: 'on', why: 'without row counts autovacuum never starts and the statistics views stay empty' } : undefined)],
  ['autovacuum', (g) => (g('autovacuum')?.setting === 'off' ? { outcome: 'fail', value: 'on', why: 'no table is vacuumed or analyzed unless by hand; wraparound vacuums still start, at the worst time' } : undefined)],
  ['idle_in_transaction_session_timeout', (g) => (g('idle_in_transaction_session_timeout')?.setting === '0' ? { outcome: 'warn', value: '10min', why: 'a transaction an application forgot to end holds its locks and the xmin horizon until someone ends it by hand' } : undefined)],
  ['archive_timeout', (g, f) => (!f.inRecovery && g('archive_mode')?.setting !== 'off' && g('archive_timeout')?.setting === '0' ? { outcome: 'warn', value: '5min', why: 'a quiet server may take hours to fill a WAL segment: the archive, and point-in-time recovery, lag that far behind' } : undefined)],
  ['checkpoint_completion_target', (g) => { const v = g('checkpoint_completion_target'); return v && Number(v.setting) < 0.9 ? { outcome: 'warn', value: '0.9', why: 'checkpoint writes are squeezed into part of the interval: I/O spikes at each checkpoint (0.9 is the default from 14 on)' } : undefined; }],
  ['max_wal_size', (g, f) => {
    const v = g('max_wal_size');
    const c = f.checkpoints;
    if (!v || !c || c.timed + c.requested < 10 || c.requested <= c.timed) return undefined;
    return { outcome: 'warn', value: `${Math.round((amount(v) * 2) / 1024 ** 2)}MB`, why: `${c.requested} of ${c.timed + c.requested} checkpoints were forced by WAL volume, not started by checkpoint_timeout: each writes more at once and every first change of a page after it logs a full page` };
  }],
  ['wal_keep_size', (g, f) => (!f.inRecovery && f.senders > 0 && f.physicalSlots === 0 && amount(g('wal_keep_size') ?? { setting: '0', unit: 'MB' }) === 0 ? { outcome: 'warn', value: '1GB', why: `${f.senders} standbys stream without a replication slot and no WAL is kept for them: one that falls behind finds its WAL removed and must be rebuilt` } : undefined)],
  ['max_wal_senders', (g, f) => { const v = g('max_wal_senders'); return v && !f.inRecovery && Number(v.setting) < f.senders + 2 ? { outcome: 'warn', value: String(f.senders + 2), why: `${f.senders} WAL senders of ${v.setting}: no room for another standby or a pg_basebackup (it needs a restart)` } : undefined; }],
  ['synchronous_standby_names', (g, f) => (!f.inRecovery && (g('synchronous_standby_names')?.setting ?? '') !== '' && f.syncStandbys === 0 ? { outcome: 'fail', value: '', why: 'a synchronous standby is required but none is connected as one: every commit waits until one comes back' } : undefined)],
  ['synchronous_commit', (g) => (g('synchronous_commit')?.setting === 'off' ? { outcome: 'warn', value: 'on', why: 'a crash loses the last commits the clients were told succeeded (up to 3 x wal_writer_delay)' } : undefined)],
];

const MEMORY: [string, string][] = [
  ['shared_buffers', 'about 25 % of the server\'s memory'],
  ['effective_cache_size', '50 to 75 % of the server\'s memory'],
  ['work_mem', 'so that work_mem x active sorts of all connections fits in memory'],
  ['maintenance_work_mem', 'about 5 % of the memory, 1 GB at most for autovacuum'],
];

export const settingsReview = defineCheck({
  id: 'settings_review',
  title: 'Settings review',
  thresholdsDoc: 'none: each setting is held against the operations guides\' value (see the README); a difference warns, one that stops autovacuum or every commit fails',
  defaults: {},
  sources: [settingsSource, settingsFactsSource, checkpointsSource],
  evaluate([settings, facts, checkpoints]) {
    const f: SettingsFacts = { ...facts, checkpoints };
    const get = (name: string): SettingValue | undefined => settings.get(name);
    const rows: Row[] = [];
    for (const [name, rule] of RULES) {
      const v = get(name);
      const r = v ? rule(get, f) : undefined;
      if (v && r) rows.push({ setting: name, current: shown(v), ...r, statement: alter(name, r.value) });
    }
    // statement_timeout as prevention: per application role, when the server has none.
    if (get('statement_timeout')?.setting === '0' && !f.inRecovery)
      for (const role of f.rolesWithoutTimeout)
        rows.push({ setting: `statement_timeout (role ${role})`, current: '0', value: ROLE_STATEMENT_TIMEOUT, outcome: 'warn', why: 'a runaway query of this role runs until someone cancels it, holding a connection, its locks and the xmin horizon', statement: `ALTER ROLE ${quoteIdent(role)} SET statement_timeout = ${quoteLiteral(ROLE_STATEMENT_TIMEOUT)};` });
    const judged = rows.filter((r): r is Row & { outcome: Outcome } => r.outcome !== 'info');
    for (const [name, guide] of MEMORY) {
      const v = get(name);
      if (v) rows.push({ setting: name, current: shown(v), value: '', outcome: 'info', why: `cannot judge: the server's memory is not visible from SQL; the guides: ${guide}`, statement: '' });
    }
    const outcome = worst(judged.map((r) => r.outcome));
    return {
      outcome,
      summary: judged.length === 0 ? 'every reviewed setting matches the guides (memory settings shown, not judged: the server\'s memory is unknown)' : `${judged.length} settings differ from the guides: ${judged.map((r) => r.setting).slice(0, 5).join(', ')}${judged.length > 5 ? ' …' : ''}`,
      evidence: { columns: ['setting', 'current', 'value', 'verdict', 'why', 'statement'], rows: rows.map((r) => [r.setting, r.current, r.value, r.outcome === 'info' ? 'not judged' : r.outcome, r.why, r.statement]) },
      findings: judged.map((r) => `setting:${r.setting.startsWith('statement_timeout (role ') ? `statement_timeout:${r.setting.slice(24, -1)}` : r.setting}`),
    };
  },
});
