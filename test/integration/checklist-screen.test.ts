import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { ChecklistController } from '../../src/checklists/controller';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';
import { testDir } from '../helpers/tmp';

const clusters = labClusters();

describe.each(clusters)('checklist screen session on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;

  it('runs a step, keeps marks and notes across restarts, and compares the next session with the finished one', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });
      try {
        await c.query('CREATE TABLE t (a int)');
        await c.query('CREATE INDEX t_a_idx ON t (a)');
        await s.connect();
        // ctl is the latest controller: its saves are written before the directory goes.
        const dir = testDir('pgw-cl-ui-', () => ctl.settled());
        let day = 0;
        let ctl!: ChecklistController;
        const make = (): ChecklistController =>
          new ChecklistController(
            {
              query: (t, p) => s.query(t, p),
              caps: () => probe(s),
              ownPids: () => (s.pid === undefined ? [] : [s.pid]),
              serverKey: `${primary.host}:${primary.port}/${db}`,
              server: `postgres@${primary.host}:${primary.port}/${db}`,
              operator: 'tester',
              env: { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') },
              home: dir,
            },
            undefined,
            () => new Date(Date.UTC(2026, 10, 1 + day, 9)),
          );

        ctl = make();
        await ctl.load();
        await ctl.open('weekly');
        await ctl.run(['unused-indexes']);
        expect(ctl.get().session?.steps['unused-indexes']).toMatchObject({ outcome: 'warn', findings: ['unused_index:public.t_a_idx'] });
        ctl.mark('unused-indexes', 'follow-up');
        ctl.note('unused-indexes', 'ask the app team');

        // A restart: the unfinished session comes back with its outcome, mark and note.
        ctl = make();
        await ctl.load();
        await waitFor(async () => {
          await ctl.open('weekly');
          return ctl.get().session?.steps['unused-indexes']?.note === 'ask the app team';
        }, { what: 'the saved session to be resumed' });
        expect(ctl.get().message).toMatch(/^resumed the session of 2026-11-01/);
        expect(ctl.get().session?.steps['unused-indexes']).toMatchObject({ outcome: 'warn', mark: 'follow-up' });
        const report = await ctl.finish();
        const md = await readFile(report!, 'utf8');
        expect(md).toContain('- Operator: tester');
        expect(md).toContain('**Note:** ask the app team');

        // A week later the index is gone: the new session says it was resolved.
        await c.query('DROP INDEX t_a_idx');
        day = 7;
        ctl = make();
        await ctl.load();
        await ctl.open('weekly');
        expect(ctl.get().message).toBe('new session');
        expect(ctl.get().previous?.startedAt).toBe('2026-11-01T09:00:00.000Z');
        await ctl.run(['unused-indexes']);
        expect(ctl.get().session?.steps['unused-indexes']?.outcome).toBe('pass');
        expect(ctl.get().previous?.steps['unused-indexes']?.findings).toEqual(['unused_index:public.t_a_idx']);
      } finally {
        await s.close();
        await c.end();
      }
    });
  });
});
