import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeFix } from '../../src/checklists/execute';
import { planFix } from '../../src/checklists/fix';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { ChecklistController } from '../../src/checklists/controller';
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';
import { testDir } from '../helpers/tmp';

const clusters = labClusters();

describe.each(clusters)('checklist fixes on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const session = (db: string, name: string) => new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: db, application_name: name }] });

  it('drops a duplicate index concurrently from the evidence, and the step passes after', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const poll = session(db, 'pgwarden');
      const action = session(db, 'pgwarden action');
      try {
        await c.query('CREATE TABLE t (a int)');
        await c.query('CREATE INDEX t_a_idx ON t (a)');
        await c.query('CREATE INDEX t_a_idx2 ON t (a)');
        await poll.connect();
        await action.connect();
        const dir = testDir('pgw-cl-fix-', () => ctl.settled());
        const ctl = new ChecklistController({
          query: (t, p) => poll.query(t, p),
          caps: () => probe(poll),
          ownPids: () => [poll.pid, action.pid].filter((p): p is number => p !== undefined),
          serverKey: `${primary.host}:${primary.port}/${db}`,
          server: `postgres@${primary.host}:${primary.port}/${db}`,
          operator: 'tester',
          env: { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') },
          home: dir,
        });
        await ctl.load();
        await ctl.open('weekly');
        await ctl.run(['duplicate-indexes']);
        const before = ctl.get().session!.steps['duplicate-indexes']!;
        expect(before).toMatchObject({ outcome: 'warn', findings: ['duplicate_index:public.t_a_idx2'] });

        const step = ctl.get().def!.steps.find((s) => s.id === 'duplicate-indexes')!;
        const plan = planFix(step.remediation!.sql!, before.evidence);
        expect(plan).toEqual({ kind: 'sql', sql: 'DROP INDEX CONCURRENTLY "public"."t_a_idx2";', warning: undefined, transaction: false });
        if (!('kind' in plan) || plan.kind !== 'sql') throw new Error(JSON.stringify(plan));
        expect(await executeFix((t, p) => action.query(t, p), plan.sql)).toBe('done');

        // The session-level timeouts were for that statement only.
        expect((await action.query('SHOW lock_timeout')).rows[0]).toEqual({ lock_timeout: '0' });
        expect((await action.query('SHOW statement_timeout')).rows[0]).toEqual({ statement_timeout: '0' });
        await ctl.run(['duplicate-indexes']);
        expect(ctl.get().session!.steps['duplicate-indexes']).toMatchObject({ outcome: 'pass', findings: [] });
        const left = await c.query("SELECT indexrelname FROM pg_stat_user_indexes WHERE relname = 't' ORDER BY 1");
        expect(left.rows).toEqual([{ indexrelname: 't_a_idx' }]);
      } finally {
        await poll.close();
        await action.close();
        await c.end();
      }
    });
  });

  it('runs ANALYZE in a transaction with local timeouts, and rolls back a failing statement', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const action = session(db, 'pgwarden action');
      try {
        await c.query('CREATE TABLE s (a int)');
        await c.query('INSERT INTO s SELECT generate_series(1, 500)');
        await action.connect();
        const plan = planFix('ANALYZE <schema>.<table>;', { columns: ['table'], rows: [['s']] });
        expect(plan).toMatchObject({ sql: 'ANALYZE "public"."s";', transaction: true });
        await executeFix((t, p) => action.query(t, p), 'ANALYZE s;');
        expect((await c.query("SELECT reltuples::int AS n FROM pg_class WHERE relname = 's'")).rows[0]).toEqual({ n: 500 });

        await expect(executeFix((t, p) => action.query(t, p), 'ANALYZE no_such_table;')).rejects.toThrow(/no_such_table/);
        // Rolled back: the session is usable and outside any transaction, with its own timeouts.
        expect((await action.query("SELECT now() = statement_timestamp() AS idle, current_setting('lock_timeout') AS lt")).rows[0]).toEqual({ idle: true, lt: '0' });
      } finally {
        await action.close();
        await c.end();
      }
    });
  });
});
