import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checklists/checks';
import { effectiveThresholds } from '../../../src/checklists/run';
import type { Capabilities } from '../../../src/data/server';

const env = { nowS: 1_000_000, caps: { major: 18 } as Capabilities };
const run = (id: string, data: unknown[], th = {}) => {
  const c = CHECKS.get(id)!;
  return c.evaluate(data, effectiveThresholds(c, th), env);
};

const RECEIVER = { pid: 7, status: 'streaming', senderHost: 'primary.example', senderPort: 5432, slot: 's1', conninfo: null, writtenLsn: '0/3000000', flushedLsn: '0/3000000', latestEndLsn: '0/3000000', latestEndTime: 997, lastMsgReceiptTime: 998 };

describe('check evaluators', () => {
  it.each([
    [0.995, 'pass'],
    [0.985, 'warn'],
    [0.94, 'fail'],
  ])('cache hit %f is %s (warn < 99 %%, fail < 95 %%)', (ratio, outcome) => {
    expect(run('cache_hit', [{ blksHit: ratio * 1e6, blksRead: (1 - ratio) * 1e6 }]).outcome).toBe(outcome);
  });

  it('cache hit is unknown with too few block accesses', () => {
    expect(run('cache_hit', [{ blksHit: 10, blksRead: 90 }]).outcome).toBe('unknown');
  });

  it.each([
    [70, 'pass'],
    [81, 'warn'],
    [96, 'fail'],
  ])('%i of 100 usable connections is %s (above 80 %% warns, above 95 %% fails)', (clients, outcome) => {
    const r = run('connections', [{ clients, active: 1, idle: 0, idleInXact: 0, maxConnections: 103, reserved: 3 }]);
    expect(r.outcome).toBe(outcome);
    expect(r.summary).toContain(`${clients} of 100 usable`);
  });

  it('replication lag: 61 s warns, 301 s fails, no standby passes', () => {
    const s = (lag: number) => ({ key: 'a', application: 'a', clientAddr: null, clientHostname: null, pid: 1, state: 'streaming', syncState: 'async', replayLagS: lag, replayLagBytes: 0 });
    expect(run('replication_lag', [[s(61)]]).outcome).toBe('warn');
    expect(run('replication_lag', [[s(301), s(1)]]).outcome).toBe('fail');
    expect(run('replication_lag', [[]]).outcome).toBe('pass');
    expect(run('replication_lag', [[], { inRecovery: false }]).outcome).toBe('pass');
  });

  it.each([
    // A standby judges its own replay, not the standbys connected to it (usually none).
    ['paused', 0, 'fail', /replay is paused \(pg_wal_replay_resume\(\) resumes it\): 2\.0 MB received but not replayed/],
    ['not paused', 400, 'fail', /replays 6m40s behind its primary/],
    ['not paused', 90, 'warn', /replays 1m30s behind/],
    ['not paused', 0, 'pass', /replays 0s behind/],
  ] as const)('replication lag on a standby, replay %s, %is behind: %s', (pauseState, behind, outcome, summary) => {
    const recovery = { inRecovery: true, now: 1000, receiveLsn: '0/3000000', replayLsn: '0/2E00000', replayLagBytes: behind || pauseState === 'paused' ? 2 * 1024 ** 2 : 0, lastReplayTime: 1000 - behind, pauseState, receiver: RECEIVER };
    const r = run('replication_lag', [[], recovery]);
    expect(r.outcome).toBe(outcome);
    expect(r.summary).toMatch(summary);
    expect(r.summary).toMatch(/; WAL receiver streaming from primary\.example:5432 \(slot s1\), last message 2\.0s ago$/);
  });

  it('replication lag on a standby that does not stream warns, even with all it received replayed', () => {
    const recovery = { inRecovery: true, now: 1000, receiveLsn: '0/3000000', replayLsn: '0/3000000', replayLagBytes: 0, lastReplayTime: 900, pauseState: 'not paused', receiver: null };
    const r = run('replication_lag', [[], recovery]);
    expect(r.outcome).toBe('warn');
    expect(r.summary).toMatch(/; no WAL receiver: this standby is not streaming/);
    expect(run('standby_byte_lag', [[], recovery])).toMatchObject({ outcome: 'fail', findings: ['standby_byte_lag:this standby'] });
  });

  it("standby byte lag on a standby: what it has not flushed of its primary's announced end of WAL", () => {
    const at = (flushed: string, latest: string) => ({ inRecovery: true, now: 1000, receiveLsn: flushed, replayLsn: flushed, replayLagBytes: 0, lastReplayTime: 990, pauseState: 'not paused', receiver: { ...RECEIVER, flushedLsn: flushed, latestEndLsn: latest } });
    expect(run('standby_byte_lag', [[], at('0/3000000', '0/3000000')]).outcome).toBe('pass');
    const behind = run('standby_byte_lag', [[], at('0/3000000', '1/3200000')]);
    expect(behind).toMatchObject({ outcome: 'fail', findings: ['standby_byte_lag:this standby'] });
    expect(behind.summary).toMatch(/^this standby has 4\.0 GB of WAL not flushed, of the end of WAL its primary announced 3\.0s ago \(warn above 1\.0 MB\)/);
    expect(run('standby_byte_lag', [[], at('0/3000000', '0/3180000')]).outcome).toBe('warn');
  });

  it('dead tuples: share over 10 % warns, over 20 % fails, small tables are ignored', () => {
    const t = (name: string, live: number, dead: number) => ({ relid: 1, schema: 'public', name, liveTuples: live, deadTuples: dead, lastVacuum: null, lastAutovacuum: null });
    const r = run('dead_tuples', [[t('a', 8500, 1500), t('b', 7000, 3000), t('tiny', 1, 10)]]);
    expect(r.outcome).toBe('fail');
    expect(r.findings).toEqual(['dead_tuples:public.b', 'dead_tuples:public.a']);
    expect(run('dead_tuples', [[t('a', 8500, 1500)]]).outcome).toBe('warn');
  });

  it('a step\'s thresholds override the defaults key by key', () => {
    expect(effectiveThresholds(CHECKS.get('cache_hit')!, { warn: 0.5 })).toEqual({ warn: 0.5, fail: 0.95, min: 10_000 });
  });

  it('archiving fails while the last failure is newer than the last success', () => {
    const a = { archiveMode: 'on', configured: true, archivedCount: 3, lastArchivedWal: 'x', lastArchivedTime: env.nowS - 100, failedCount: 4, lastFailedWal: 'y', lastFailedTime: env.nowS - 10, statsReset: null };
    expect(run('archiving', [a]).outcome).toBe('fail');
    expect(run('archiving', [{ ...a, lastFailedTime: env.nowS - 1000 }]).outcome).toBe('warn');
    expect(run('archiving', [{ ...a, failedCount: 0, lastFailedTime: null }]).outcome).toBe('pass');
    const off = run('archiving', [{ ...a, archiveMode: 'off', failedCount: 0, lastFailedTime: null }]);
    expect(off.outcome).toBe('warn');
    expect(off.summary).toMatch(/no point-in-time recovery/);
  });
});
