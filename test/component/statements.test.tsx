import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/data/collector';
import type { Statement, StatementsInfo } from '../../src/data/collectors/statements';
import { statementKey } from '../../src/data/collectors/statements';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { caps, NOW_S, snapshot } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

function stmt(queryId: string, p: Partial<Statement> = {}): Statement {
  const s: Statement = {
    key: '', queryId, userId: 10, dbId: 5, toplevel: true, database: 'shop', user: 'app', query: `select ${queryId}`, own: false, calls: 100, totalExecMs: 1000,
    minExecMs: 1, maxExecMs: 50, meanExecMs: 10, stddevExecMs: 3, plans: 0, totalPlanMs: 0, rows: 100, sharedHit: 900, sharedRead: 100,
    sharedDirtied: 0, sharedWritten: 0, localHit: 0, localRead: 0, localWritten: 0, tempRead: 0, tempWritten: 0, sharedReadMs: 0, sharedWriteMs: 0,
    localReadMs: 0, localWriteMs: 0, tempReadMs: 0, tempWriteMs: 0, walRecords: 0, walFpi: 0, walBytes: 0, walBuffersFull: null, jitFunctions: 0,
    jitMs: 0, parallelToLaunch: null, parallelLaunched: null, statsSince: NOW_S - 86400, minmaxStatsSince: NOW_S - 86400, ...p,
  };
  return { ...s, key: statementKey(s.queryId, s.dbId, s.userId, s.toplevel) };
}

const INFO: StatementsInfo = { statsReset: NOW_S - 86400, dealloc: 0, max: 5000, track: 'top', trackPlanning: false, computeQueryId: 'auto', trackIoTiming: true };

/** A snapshot with statements read at `atS` (server seconds). */
function withStatements(rows: Statement[], atS: number, seq: number, info: StatementsInfo = INFO): Snapshot {
  const base = snapshot([], seq);
  return {
    ...base,
    takenAt: atS * 1000,
    results: {
      ...base.results,
      statements: { state: 'ok', data: rows, at: atS * 1000, ms: 3 },
      statements_info: { state: 'ok', data: info, at: atS * 1000, ms: 1 },
    },
  };
}

const BEFORE = [
  stmt('111', { query: 'select * from orders where id = $1', calls: 1000, totalExecMs: 5000, rows: 1000 }),
  stmt('222', { query: 'update stock set n = n - $1 where item = $2', calls: 50, totalExecMs: 90_000, database: 'inventory', user: 'batch' }),
];
// Two seconds later: orders ran 10 more times costing 500 ms; the update did not run.
const AFTER = [
  stmt('111', { query: 'select * from orders where id = $1', calls: 1010, totalExecMs: 5500, rows: 1010, sharedHit: 1000, sharedRead: 100 }),
  stmt('222', { query: 'update stock set n = n - $1 where item = $2', calls: 50, totalExecMs: 90_000, database: 'inventory', user: 'batch' }),
];

async function withPane(before = BEFORE, after = AFTER, columns = 120, expect = 'Statements 2/2') {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(withStatements(before, NOW_S, 1));
  store.pushSnapshot(withStatements(after, NOW_S + 2, 2));
  app = await renderApp({ store, columns, rows: 24 });
  await app.press('screen.statements');
  await app.waitFor((f) => f.includes(expect));
  return app;
}

const lineOf = (f: string, needle: string) => f.split('\n').find((l) => l.includes(needle)) ?? '';

describe('statements pane', () => {
  it('shows what is expensive now: interval rates first, the idle expensive statement last', async () => {
    const a = await withPane();
    const f = a.frame();
    expect(f).toContain('last interval (2.0s)');
    const orders = lineOf(f, 'from orders');
    expect(orders).toContain('5.0/s'); // 10 calls in 2 s
    expect(orders).toContain('250ms/s'); // 500 ms of execution in 2 s
    expect(orders).toContain('100%'); // all of the interval's time
    expect(orders).toContain('50.0ms'); // mean of the interval's calls
    const lines = f.split('\n');
    expect(lines.findIndex((l) => l.includes('from orders'))).toBeLessThan(lines.findIndex((l) => l.includes('update stock')));
    expect(lineOf(f, 'update stock')).toContain('0/s');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
  });

  it('switches to totals since reset, and cycles the column sets', async () => {
    const a = await withPane();
    await a.press('statements.toggleMode');
    let f = await a.waitFor((f) => f.includes('since reset'));
    // Since reset the update dominates (90 s) and sorts first.
    const lines = f.split('\n');
    expect(lines.findIndex((l) => l.includes('update stock'))).toBeLessThan(lines.findIndex((l) => l.includes('from orders')));
    expect(f).toMatch(/totals since \d{4}-\d\d-\d\d/);
    await a.press('statements.nextView');
    f = await a.waitFor((f) => f.includes('I/O columns'));
    expect(f).toContain('READ');
    expect(f).toContain('HIT%');
    await a.press('statements.nextView');
    f = await a.waitFor((f) => f.includes('temp files columns'));
    expect(f).toContain('TEMP WR');
    await a.press('statements.nextView');
    f = await a.waitFor((f) => f.includes('WAL columns'));
    expect(f).toContain('RECORDS');
  });

  it('shows a dash, never a negative rate, across a reset', async () => {
    const reset: StatementsInfo = { ...INFO, statsReset: NOW_S + 1 };
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(withStatements(BEFORE, NOW_S, 1));
    store.pushSnapshot(withStatements([stmt('111', { calls: 3, totalExecMs: 7, query: 'select * from orders where id = $1' })], NOW_S + 2, 2, reset));
    app = await renderApp({ store, columns: 120 });
    await app.press('screen.statements');
    const f = await app.waitFor((f) => f.includes('statistics were reset'));
    expect(lineOf(f, 'from orders')).toContain('—');
    expect(f).not.toMatch(/-\d/);
  });

  it('filters by database, user and text', async () => {
    const a = await withPane();
    await a.press('filter.open');
    await a.type('db:inv');
    let f = await a.waitFor((f) => f.includes('Statements 1/2'));
    expect(f).toContain('update stock');
    await a.press('prompt.submit');
    await a.press('filter.clear');
    // Both rows again: the next filter's 1/2 is then its own, not the one before.
    await a.waitFor((f) => !f.includes('Statements 1/2') && f.includes('update stock') && f.includes('from orders'));
    await a.press('filter.open');
    await a.type('user:app');
    f = await a.waitFor((f) => f.includes('Statements 1/2') && f.includes('from orders'));
    expect(f).not.toContain('update stock');
    await a.press('prompt.submit');
    await a.press('filter.clear');
    // Both rows again: the next filter's 1/2 is then its own, not the one before.
    await a.waitFor((f) => !f.includes('Statements 1/2') && f.includes('update stock') && f.includes('from orders'));
    await a.press('filter.open');
    await a.type('/orders.*\\$1/');
    f = await a.waitFor((f) => f.includes('Statements 1/2') && f.includes('from orders'));
  });

  it('opens the full statement text and explains it', async () => {
    const a = await withPane();
    await a.press('statements.openQuery');
    const f = await a.waitFor((f) => f.includes('queryid 111'));
    expect(f).toContain('select * from orders where id = $1');
    await a.press('modal.close');
    await a.press('statements.explain');
    // Without an explain service in the effects the operator is told, not left waiting.
    await a.waitFor((f) => f.includes('EXPLAIN is not available'));
  });

  it('explains why the pane is empty when pg_stat_statements is missing, and the rest keeps working', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, { ...caps, pgssSchema: null, database: 'nopgss' });
    const base = snapshot([], 1);
    store.pushSnapshot({
      ...base,
      results: {
        ...base.results,
        statements: {
          state: 'failed',
          disabled: true,
          failure: { kind: 'unsupported', message: 'pg_stat_statements is not created in database "nopgss" (the server already loads it). Fix: CREATE EXTENSION pg_stat_statements; in database "nopgss"' },
        },
      },
    });
    app = await renderApp({ store, columns: 100 });
    await app.press('screen.statements');
    const f = await app.waitFor((f) => f.includes('unavailable'));
    expect(f).toContain('CREATE EXTENSION pg_stat_statements;');
    expect(f).toContain('other panes keep working');
    await app.press('screen.activity');
    await app.waitFor((f) => f.includes('Activity'));
  });

  it('never lets escape sequences in statement text through', async () => {
    const evil = [stmt('333', { query: 'select 1 \x1b]0;pwned\x07 \x1b[2J', database: 'd\u202eb' })];
    const a = await withPane(evil, evil, 120, 'Statements 1/1');
    await a.waitFor((f) => f.includes('select 1'));
    const raw = a.rawFrame();
    expect(raw).not.toContain('\x1b]');
    expect(raw).not.toContain('\x1b[2J');
    expect(raw).not.toContain('\u202e');
  });
});

describe('statements pane opening', () => {
  it('opens at its first row, the worst now, and says where it is when the rows do not fit', async () => {
    // 40 statements; between the readings only the one with the least cumulative time ran.
    const many = (hot: number) => Array.from({ length: 40 }, (_, i) => stmt(String(1000 + i), { query: `select q${i}`, totalExecMs: 100_000 - i * 1000 + (i === 39 ? hot : 0), calls: 100 + (i === 39 ? hot : 0) }));
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    app = await renderApp({ store, columns: 80, rows: 24 });
    await app.press('screen.statements');
    store.pushSnapshot(withStatements(many(0), NOW_S, 1));
    await app.waitFor((f) => f.includes('Statements 40/40'));
    store.pushSnapshot(withStatements(many(5000), NOW_S + 2, 2));
    const f = await app.waitFor((f) => f.includes('(2.0s)'));
    const rows = f.split('\n').filter((l) => /select q\d+/.test(l));
    expect(rows[0]).toMatch(/^▶.*select q39/);
    expect(f).toMatch(/row 1 of 40/);
    await app.press('nav.bottom');
    await app.waitFor((f) => /row 40 of 40/.test(f));
  });
});

describe("pgwarden's own statements", () => {
  it('are hidden by default, counted in the title, and shown with o', async () => {
    const mine = [stmt('901', { query: 'SELECT /* pgwarden */ pid FROM pg_stat_activity', own: true, totalExecMs: 900_000 })];
    const a = await withPane([...BEFORE, ...mine], [...AFTER, ...mine], 120, 'Statements 2/2');
    const f = a.frame();
    expect(f).toContain("1 of pgwarden's own hidden (o shows)");
    expect(f).not.toContain('pg_stat_activity');
    await a.press('statements.toggleOwn');
    const g = await a.waitFor((f) => f.includes('Statements 3/3'));
    expect(g).toContain('SELECT /* pgwarden */');
  });
});
