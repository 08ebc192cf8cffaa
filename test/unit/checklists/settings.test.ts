import { describe, expect, it } from 'vitest';
import { settingsReview } from '../../../src/checklists/checks/settings';
import type { SettingValue } from '../../../src/checklists/tableSources';
import { caps } from '../../component/fixtures';

const CLEAN: Record<string, [string, string | null]> = {
  log_min_duration_statement: ['1000', 'ms'], log_lock_waits: ['on', null], log_checkpoints: ['on', null], log_autovacuum_min_duration: ['10000', 'ms'],
  track_counts: ['on', null], autovacuum: ['on', null], idle_in_transaction_session_timeout: ['600000', 'ms'], statement_timeout: ['0', 'ms'],
  archive_mode: ['on', null], archive_timeout: ['300', 's'], checkpoint_completion_target: ['0.9', null], max_wal_size: ['4096', 'MB'],
  wal_keep_size: ['0', 'MB'], max_wal_senders: ['10', null], synchronous_standby_names: ['', null], synchronous_commit: ['on', null], shared_buffers: ['16384', '8kB'],
};
const settings = (over: Record<string, [string, string | null]> = {}): Map<string, SettingValue> =>
  new Map(Object.entries({ ...CLEAN, ...over }).map(([k, [setting, unit]]) => [k, { setting, unit }]));
const FACTS = { senders: 1, syncStandbys: 0, physicalSlots: 1, inRecovery: false, rolesWithoutTimeout: [] as string[] };
const env = { nowS: 0, caps };
const judge = (s: Map<string, SettingValue>, facts = FACTS, cp: { timed: number; requested: number } | null = { timed: 100, requested: 1 }) => settingsReview.evaluate([s, facts, cp], {}, env);

describe('settings review', () => {
  it('passes a configuration that follows the guides, showing memory without judging it', () => {
    const r = judge(settings());
    expect(r.outcome).toBe('pass');
    expect(r.evidence!.rows).toEqual([['shared_buffers', '128 MB', '', 'not judged', expect.stringMatching(/^cannot judge/), '']]);
  });

  it('fails on a synchronous standby that is not there, and on autovacuum off', () => {
    const r = judge(settings({ synchronous_standby_names: ['s1', null], autovacuum: ['off', null] }));
    expect(r.outcome).toBe('fail');
    expect(r.findings).toEqual(['setting:autovacuum', 'setting:synchronous_standby_names']);
    expect(r.evidence!.rows.find((x) => x[0] === 'synchronous_standby_names')![5]).toBe("ALTER SYSTEM SET synchronous_standby_names = '';");
  });

  it('raises max_wal_size when WAL volume forced most checkpoints, and asks for a slot or kept WAL for a standby', () => {
    const r = judge(settings({ max_wal_size: ['1024', 'MB'] }), { ...FACTS, physicalSlots: 0 }, { timed: 10, requested: 30 });
    expect(r.findings).toEqual(['setting:max_wal_size', 'setting:wal_keep_size']);
    expect(r.evidence!.rows[0]!.slice(0, 3)).toEqual(['max_wal_size', '1024 MB', '2048MB']);
    // Unreadable checkpoint counts: not judged rather than guessed.
    expect(judge(settings({ max_wal_size: ['1024', 'MB'] }), FACTS, null).findings).toEqual([]);
  });

  it('asks a statement_timeout of each application role when the server has none', () => {
    const r = judge(settings(), { ...FACTS, rolesWithoutTimeout: ['Web App'] });
    expect(r.findings).toEqual(['setting:statement_timeout:Web App']);
    expect(r.evidence!.rows[0]![5]).toBe(`ALTER ROLE "Web App" SET statement_timeout = '30s';`);
  });
});
