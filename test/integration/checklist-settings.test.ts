/**
 * The settings review on the lab: the lab's own differences from the guides (synchronous_commit
 * off, no slow-statement log), a login role without a statement_timeout, memory settings shown
 * but not judged; the first row's ALTER SYSTEM is planned with its name quoted and runs outside
 * a transaction block (then reset: the configuration is not reloaded in between).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { executeFix } from '../../src/checklists/execute';
import { fillPlaceholders, planFix, suggestValue } from '../../src/checklists/fix';
import { checkSession, runChecks } from './setup/checklist';
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
const STEP = weekly.steps.find((s) => s.id === 'settings')!;

describe.each(clusters)('settings review on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('lists what differs from the guides with why and the statement, and runs the first one only as confirmed', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      const role = `app_${db}`;
      await c.query(`CREATE ROLE ${role} LOGIN`);
      cleanup.push(() => c.end(), () => s.close());
      try {
        await reviewed(db, role, c, s);
      } finally {
        // Before the database goes: dropping it WITH (FORCE) ends this connection.
        await c.query(`DROP ROLE ${role}`);
      }
    });
  });

  async function reviewed(db: string, role: string, c: Awaited<ReturnType<typeof connect>>, s: ReturnType<typeof checkSession>): Promise<void> {
      const r = (await runChecks(s, [STEP])).get('settings')!;
      expect(r.outcome, r.summary).toBe('warn');
      expect(r.evidence!.columns).toEqual(['setting', 'current', 'value', 'verdict', 'why', 'statement']);
      const row = (name: string) => r.evidence!.rows.find((x) => x[0] === name);
      expect(row('synchronous_commit')).toEqual(['synchronous_commit', 'off', 'on', 'warn', expect.stringMatching(/crash loses the last commits/), "ALTER SYSTEM SET synchronous_commit = 'on';"]);
      expect(row('log_min_duration_statement')?.slice(0, 4)).toEqual(['log_min_duration_statement', '-1 ms', '1s', 'warn']);
      expect(row(`statement_timeout (role ${role})`)?.[5]).toBe(`ALTER ROLE "${role}" SET statement_timeout = '30s';`);
      expect(r.findings).toEqual(expect.arrayContaining(['setting:synchronous_commit', `setting:statement_timeout:${role}`]));
      // The lab's 32 MB of shared buffers are shown, not judged: the server's memory is unknown.
      expect(row('shared_buffers')).toEqual(['shared_buffers', '32 MB', '', 'not judged', expect.stringMatching(/^cannot judge: the server's memory/), '']);
      expect(r.findings).not.toContain('setting:shared_buffers');
      // With a timeout of its own, the role is no longer listed.
      await c.query(`ALTER ROLE ${role} SET statement_timeout = '30s'`);
      const after = (await runChecks(s, [STEP])).get('settings')!;
      expect(after.findings).not.toContain(`setting:statement_timeout:${role}`);

      // x on the step: the first row's setting and value are offered, the name quoted.
      const plan = planFix(STEP.remediation!.sql!, r.evidence);
      if (!('kind' in plan) || plan.kind !== 'ask') throw new Error(`expected values to ask for: ${JSON.stringify(plan)}`);
      const first = r.evidence!.rows[0]!;
      const values = Object.fromEntries(plan.placeholders.map((p) => [p.name, suggestValue(p, r.evidence)]));
      expect(values).toEqual({ setting: first[0], value: first[2] });
      const fix = fillPlaceholders(plan.template, plan.placeholders, values);
      expect(fix).toMatchObject({ sql: `ALTER SYSTEM SET "${first[0]}" = '${first[2]}';`, transaction: false });
      if ('error' in fix) return;
      // ALTER SYSTEM refuses a transaction block: it runs on its own, and is undone at once.
      const a = await connect(primary, { db });
      try {
        expect(await executeFix((t, p) => a.query(t, p), fix.sql)).toBe('done');
      } finally {
        await a.query(`ALTER SYSTEM RESET ${first[0]}`);
        await a.end();
      }
  }
});
