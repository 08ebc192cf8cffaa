/**
 * Backups in the weekly session: the age of the last base backup from the backup history file a
 * backup leaves in pg_wal, a manual step answered by its mark, and the report with the new sections.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { runHeadless } from '../../src/checklists/headless';
import { markStep, startSession } from '../../src/checklists/session';
import { readState, statePath } from '../../src/checklists/state';
import { checkSession, runChecks } from './setup/checklist';
import { backup } from './setup/backup';
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
const step = (id: string) => weekly.steps.find((s) => s.id === id)!;

describe.each(clusters)('backups in the weekly session on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('read the last base backup\'s end from pg_wal, date a manual answer, and report the new sections', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      const dir = await mkdtemp(join(tmpdir(), 'pgw-backup-'));
      cleanup.push(() => s.close(), () => c.end(), () => rm(dir, { recursive: true, force: true }));
      // The lab archives nothing: PostgreSQL drops the history file at once (the archive test's
      // own cluster, with archive_mode on, finds it).
      await backup(c);
      const r = (await runChecks(s, [step('base-backup-age')])).get('base-backup-age')!;
      expect(r).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^cannot tell: with archive_mode off/) });

      // A user's checklist may name a program that prints the last backup's end (backup tool info).
      const told = { ...step('base-backup-age'), check: { id: 'base_backup_age', command: [process.execPath, '-e', 'console.log(new Date(Date.now() - 3600e3).toISOString())'] } };
      const byCommand = (await runChecks(s, [told])).get('base-backup-age')!;
      expect(byCommand).toMatchObject({ outcome: 'pass', summary: expect.stringMatching(/^last base backup ended 1h|^last base backup ended 59m/) });
      expect(byCommand.evidence!.rows[0]![0]).toMatch(/^printed by the backup time command: \d{4}-/);

      // A manual step: asked until answered; answered done in the session, it passes with its note.
      const restore = step('restore-test');
      const asked = (await runChecks(s, [restore])).get('restore-test')!;
      expect(asked).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^manual step: no answer recorded yet/) });
      const now = new Date();
      const rec = markStep(startSession(weekly, 'tester', now), 'restore-test', 'done', 'restored on staging', now);
      await s.connect();
      const { runSteps } = await import('../../src/checklists/run');
      const { probe } = await import('../../src/data/server');
      const answered = (await runSteps({ query: (t, p) => s.query(t, p), caps: await probe(s), ownPids: [], session: rec }, [restore])).get('restore-test')!;
      expect(answered).toMatchObject({ outcome: 'pass', summary: expect.stringContaining('"restored on staging"') });

      // The weekly report shows the new sections.
      const env = { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
      const serverKey = `${primary.host}:${primary.port}/${db}`;
      await runHeadless({ name: 'weekly', session: s, serverKey, server: 'lab', env, home: dir, log: () => undefined, reportFile: join(dir, 'weekly.md') });
      const md = await readFile(join(dir, 'weekly.md'), 'utf8');
      for (const title of ['Missing indexes: large sequential scans', 'Top statements this week', 'Statements slower than their baseline', 'Settings review', 'Age of the last base backup', 'Test restore done (this month)', 'Failover tested this quarter']) expect(md).toMatch(new RegExp(`## \\d+\\. ${title.replace(/[()]/g, '\\$&')} — `));
      expect(md).toMatch(/Test restore done \(this month\) — UNKNOWN\n\n.*\n\n\*\*Check:\*\* manual step: no answer recorded yet/);
      // The reading of pg_stat_statements is kept in the state for next week.
      const st = await readState(statePath(env, dir, serverKey), serverKey);
      expect(Object.keys(st.sessions.at(-1)!.steps['statements-week']!.metrics ?? {})).toEqual(expect.arrayContaining(['readingAt', 'reading.calls', 'reading.ms']));
    });
  });
});
