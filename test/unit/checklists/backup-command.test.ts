import { describe, expect, it } from 'vitest';
import { runBackupCommand } from '../../../src/checklists/backupCommand';
import { baseBackupAge } from '../../../src/checklists/checks/backups';
import { validateChecklist } from '../../../src/checklists/validate';
import { caps } from '../../component/fixtures';

const node = (code: string) => [process.execPath, '-e', code];

describe('the backup time command', () => {
  it('reads an ISO time or epoch seconds from the first line', async () => {
    expect(await runBackupCommand(node("console.log('2026-12-05T10:00:00Z'); console.log('more')"))).toEqual({ at: Date.parse('2026-12-05T10:00:00Z') / 1000, line: '2026-12-05T10:00:00Z' });
    expect(await runBackupCommand(node('console.log(1764928800)'))).toMatchObject({ at: 1764928800 });
  });

  it('says why when it fails, prints no time, or outlives its timeout; its output stripped of control characters', async () => {
    expect(await runBackupCommand(node("console.log('\\u001b[2Jno backup'); process.exit(0)"))).toEqual({ error: 'the backup time command printed no time: "[2Jno backup"' });
    expect(await runBackupCommand(node('process.exit(3)'))).toMatchObject({ error: expect.stringMatching(/^the backup time command failed: Command failed/) });
    expect(await runBackupCommand(['/nonexistent/pgw-backup-time'])).toMatchObject({ error: expect.stringMatching(/ENOENT/) });
    expect(await runBackupCommand(node('setTimeout(() => {}, 5000)'), 200)).toEqual({ error: 'the backup time command failed: did not end within 0.2 s' });
  });

  it('decides the base backup age before pg_wal, and makes it unknown when it fails', () => {
    const now = Date.parse('2026-12-05T12:00:00Z') / 1000;
    const arch = { archiveMode: 'off', configured: false, archivedCount: 0, lastArchivedWal: null, lastArchivedTime: null, failedCount: 0, lastFailedWal: null, lastFailedTime: null, statsReset: null };
    const told = baseBackupAge.evaluate([null, arch], { warn: 26, fail: 192 }, { nowS: now, caps, backupTime: { at: now - 30 * 3600, line: 'x' } });
    expect(told).toMatchObject({ outcome: 'warn', evidence: { rows: [['printed by the backup time command: x', '2026-12-04 06:00']] } });
    expect(baseBackupAge.evaluate([null, arch], {}, { nowS: now, caps, backupTime: { error: 'it broke' } })).toMatchObject({ outcome: 'unknown', summary: 'cannot tell: it broke' });
  });

  it('is a checklist option of base_backup_age only, an argv array', () => {
    const file = (check: unknown) => JSON.stringify({ id: 'mine', title: 'Mine', steps: [{ id: 'a', title: 'A', why: 'w', check }] });
    expect(validateChecklist('m.json', file({ id: 'base_backup_age', command: ['/usr/local/bin/last-backup', '--json'] }))).toMatchObject({ def: { steps: [{ check: { id: 'base_backup_age', command: ['/usr/local/bin/last-backup', '--json'] } }] } });
    expect(validateChecklist('m.json', file({ id: 'cache_hit', command: ['x'] }))).toEqual({ errors: ['m.json: steps[0].check.command: only for the check "base_backup_age"'] });
    expect(validateChecklist('m.json', file({ id: 'base_backup_age', command: 'pgbackrest info | grep' }))).toEqual({ errors: ['m.json: steps[0].check.command: expected a non-empty array of strings: the program and its arguments (no shell)'] });
  });
});
