import { afterEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { lockChain } from '../../src/lab/scenarios';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

function launch(t: Term): void {
  const { bundle, primary } = e2e!;
  t.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U postgres postgres`);
  t.keys('Enter');
}

describe.skipIf(!e2e)('panes in a real terminal', () => {
  it('ends a lock pile-up from the keyboard: locks pane, root blocker, terminate, confirm', async () => {
    const chain = await lockChain(e2e!.primary, { depth: 3 });
    term = openTerm({ columns: 120, rows: 32, env: { LANG: 'C.UTF-8' } });
    const admin = new pg.Client({ host: e2e!.primary.host, port: e2e!.primary.port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      launch(term);
      await term.waitFor((s) => s.includes('Activity'), 'monitor up');
      term.keys('2');
      // The activity pane lists the same pids: wait for the locks pane itself, with the cursor
      // (the pointer glyph) on the root blocker, the first row of the tree.
      const onRoot = new RegExp(`^[▶>] *${chain.root} `, 'm');
      await term.waitFor((s) => s.includes('blocking tree') && onRoot.test(s) && s.includes(String(chain.waiters[0])), 'lock tree, cursor on the root');
      // Terminate it and confirm.
      term.keys('K');
      const dialog = await term.waitFor((s) => /\by\b/.test(s) && s.includes(String(chain.root)) && /terminate/i.test(s), 'confirmation dialog');
      expect(dialog).toContain(String(chain.root));
      term.keys('y');
      // The root is gone and its first waiter got the lock.
      const gone = async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [chain.root])).rowCount === 0;
      const end = Date.now() + 15_000;
      while (!(await gone()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(await gone()).toBe(true);
      term.keys('q');
      await term.waitFor((s) => !s.includes('Activity') && !s.includes('Locks'), 'quit');
    } finally {
      await admin.end();
      await chain.stop();
    }
  });

  it('goes from a statement to its plan', async () => {
    const c = new pg.Client({ host: e2e!.primary.host, port: e2e!.primary.port, user: 'postgres', database: 'postgres' });
    await c.connect();
    try {
      await c.query('CREATE TABLE IF NOT EXISTS e2e_plan_t (id int, status text)');
      await c.query("INSERT INTO e2e_plan_t SELECT g, CASE WHEN g % 10 = 0 THEN 'done' ELSE 'open' END FROM generate_series(1, 20000) g");
      await c.query('ANALYZE e2e_plan_t');
      for (let i = 0; i < 5; i++) await c.query('SELECT count(*) FROM e2e_plan_t WHERE status = $1', ['done']);
      term = openTerm({ columns: 160, rows: 40, env: { LANG: 'C.UTF-8' } });
      launch(term);
      await term.waitFor((s) => s.includes('Activity'), 'monitor up');
      term.keys('3');
      await term.waitFor((s) => s.includes('e2e_plan_t'), 'statement listed');
      term.keys('/');
      term.type('count(*) FROM e2e_plan_t');
      term.keys('Enter');
      await term.waitFor((s) => s.includes('e2e_plan_t') && !s.includes('filter (text'), 'filter applied, prompt closed');
      term.keys('e');
      const plan = await term.waitFor((s) => /Seq Scan|Aggregate/.test(s), 'plan tree', 20_000);
      expect(plan).toContain('e2e_plan_t');
      term.keys('q');
    } finally {
      await c.query('DROP TABLE IF EXISTS e2e_plan_t');
      await c.end();
    }
  });
});
