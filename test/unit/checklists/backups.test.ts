import { describe, expect, it } from 'vitest';
import { attested, baseBackupAge } from '../../../src/checklists/checks/backups';
import { marksOf } from '../../../src/checklists/run';
import { markStep, startSession } from '../../../src/checklists/session';
import { weekly } from '../../../src/checklists/defs/weekly';
import type { Archiver } from '../../../src/checklists/sources';
import { caps } from '../../component/fixtures';

const NOW = Date.parse('2026-12-05T12:00:00Z') / 1000;
const env = { nowS: NOW, caps };
const ARCH: Archiver = { archiveMode: 'on', configured: true, archivedCount: 3, lastArchivedWal: '000000010000000000000003', lastArchivedTime: NOW - 60, failedCount: 0, lastFailedWal: null, lastFailedTime: null, statsReset: null };

describe('base backup age', () => {
  it('grades the backup history file in pg_wal, else the archiver\'s last file when it is one', () => {
    expect(baseBackupAge.evaluate([{ name: 'x.backup', ended: NOW - 3600 }, ARCH], { warn: 26, fail: 192 }, env).outcome).toBe('pass');
    expect(baseBackupAge.evaluate([{ name: 'x.backup', ended: NOW - 30 * 3600 }, ARCH], { warn: 26, fail: 192 }, env)).toMatchObject({ outcome: 'warn', findings: ['base_backup:old'] });
    expect(baseBackupAge.evaluate([{ unavailable: 'no pg_monitor' }, { ...ARCH, lastArchivedWal: 'y.backup', lastArchivedTime: NOW - 200 * 3600 }], { warn: 26, fail: 192 }, env).outcome).toBe('fail');
  });

  it('is unknown with the grant when pg_wal cannot be listed, and unknown when no backup left a trace', () => {
    const blind = baseBackupAge.evaluate([{ unavailable: 'no pg_monitor' }, ARCH], {}, env);
    expect(blind).toMatchObject({ outcome: 'unknown', unseen: [{ grant: expect.stringMatching(/^GRANT pg_monitor TO /) }] });
    expect(baseBackupAge.evaluate([null, ARCH], {}, env)).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^no backup history file/) });
  });
});

describe('a manual step answered within its period', () => {
  const at = (iso: string) => new Date(iso);
  it('asks when never answered, passes a recent "done" with its note, fails an old one', () => {
    expect(attested.evaluate([], { fail: 31 }, { ...env, marks: [] })).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^manual step: no answer recorded yet/) });
    let old = startSession(weekly, 'x', at('2026-10-01T09:00:00Z'));
    old = markStep(old, 'pitr-test', 'done', 'recovered to 10:42 on staging', at('2026-10-01T09:30:00Z'));
    let now = startSession(weekly, 'x', at('2026-12-05T11:00:00Z'));
    const stale = attested.evaluate([], { fail: 31, warn: 25 }, { ...env, marks: marksOf([old, now], 'pitr-test') });
    expect(stale).toMatchObject({ outcome: 'fail', findings: ['attested:stale'] });
    expect(stale.summary).toContain('answered done on 2026-10-01 (65 days ago, period 31 days): "recovered to 10:42 on staging"');
    now = markStep(now, 'pitr-test', 'done', 'again, on staging', at('2026-12-05T11:10:00Z'));
    expect(attested.evaluate([], { fail: 31, warn: 25 }, { ...env, marks: marksOf([old, now], 'pitr-test') })).toMatchObject({ outcome: 'pass', summary: expect.stringContaining('answered done on 2026-12-05 (0 days ago') });
  });
});
