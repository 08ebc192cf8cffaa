import { describe, expect, it } from 'vitest';
import { parseStatements, pgssFixHint, pgssSql, pgssUnavailable, statementKey, variantMajor, type Statement } from '../../../src/data/collectors/statements';
import { displayIdent, quoteIdent, withPgssSchema } from '../../../src/data/sql/ident';
import { compileStatementFilter, statementsView } from '../../../src/screens/statements/model';
import { intervalRates } from '../../../src/data/statementRates';
import { ms } from '../../../src/screens/statements/columns';
import type { Capabilities } from '../../../src/data/server';

const CAPS: Capabilities = {
  major: 17, versionNum: 170004, version: '17.4', startedAt: 0, inRecovery: false, currentUser: 'watch', database: 'shop', isSuperuser: false,
  readAllStats: true, signalBackend: false, maxConnections: 100, reservedConnections: 3, trackActivityQuerySize: 1024, blockSize: 8192,
  sharedPreloadLibraries: ['auto_explain'], serverEncoding: 'UTF8', pgssSchema: 'public', pgssVersion: '1.11',
};

describe('quoting the one dynamic identifier', () => {
  it('quotes like quote_ident and refuses NUL', () => {
    expect(quoteIdent('public')).toBe('"public"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(() => quoteIdent('a\0b')).toThrow();
    expect(displayIdent('orders')).toBe('orders');
    expect(displayIdent('Orders')).toBe('"Orders"');
    expect(displayIdent('user')).toBe('"user"');
  });
  it('puts the schema in front of the views, or leaves them to search_path', () => {
    const sql = 'SELECT 1 FROM /*@pgss_schema*/pg_stat_statements s, /*@pgss_schema*/pg_stat_statements_info i';
    expect(withPgssSchema(sql, 'mon"x')).toBe('SELECT 1 FROM "mon""x".pg_stat_statements s, "mon""x".pg_stat_statements_info i');
    expect(withPgssSchema(sql, null)).toBe(sql);
  });
});

describe('SQL variant by installed extension version', () => {
  it.each([
    [13, '1.8', 13],
    [14, '1.9', 14],
    [16, '1.10', 15],
    [17, '1.10', 15], // pg_upgrade kept the old extension version: its views lack the 17 columns
    [18, '1.12', 18],
    [18, '1.11', 17],
    [19, '1.13', 19],
    [13, '1.7', null],
  ])('server %i with extension %s reads the PostgreSQL %s variant', (major, version, want) => {
    expect(variantMajor({ major, pgssVersion: version })).toBe(want);
  });
  it('substitutes the schema into the chosen variant', () => {
    const text = pgssSql('statements', { ...CAPS, pgssSchema: 'monitoring', pgssVersion: '1.10' });
    expect(text).toContain('FROM "monitoring".pg_stat_statements($1::boolean) s');
    expect(text).toContain('s.blk_read_time');
  });
});

describe('pg_stat_statements unavailable', () => {
  it('names the steps when the module is not loaded and not created', () => {
    const why = pgssUnavailable({ ...CAPS, pgssSchema: null, pgssVersion: null })!;
    expect(why).toContain("ALTER SYSTEM SET shared_preload_libraries = 'auto_explain,pg_stat_statements';");
    expect(why).toContain('restart');
    expect(why).toContain('CREATE EXTENSION pg_stat_statements; in database "shop"');
  });
  it('only asks for CREATE EXTENSION when the server loads it already', () => {
    const why = pgssUnavailable({ ...CAPS, pgssSchema: null, pgssVersion: null, sharedPreloadLibraries: ['pg_stat_statements'] })!;
    expect(why).not.toContain('ALTER SYSTEM');
    expect(why).toContain('CREATE EXTENSION pg_stat_statements; in database "shop"');
  });
  it('explains "must be loaded via shared_preload_libraries" (55000)', () => {
    const fix = pgssFixHint({ kind: 'unsupported', code: '55000', message: 'pg_stat_statements must be loaded via "shared_preload_libraries"' }, CAPS)!;
    expect(fix).toMatch(/^ALTER SYSTEM SET shared_preload_libraries = 'auto_explain,pg_stat_statements'; then restart/);
  });
  it('is available when created in this database', () => {
    expect(pgssUnavailable(CAPS)).toBeUndefined();
  });
});

describe('statements view', () => {
  const rows = parseStatements([
    { queryid: '-5', userid: 10, dbid: 1, toplevel: true, database: 'shop', user: 'app', query: 'select $1', calls: 10, total_exec_time: 100, mean_exec_time: 10, rows: 10, wal_bytes: 0 },
    { queryid: '7', userid: 11, dbid: 2, toplevel: null, database: 'erp', user: 'batch', query: 'update t set a = $1', calls: 2, total_exec_time: 900, mean_exec_time: 450, rows: 2 },
    { queryid: null, userid: 12, dbid: 2, toplevel: null, database: 'erp', user: 'other', query: null, calls: 1, total_exec_time: 1 },
    { queryid: null, userid: 12, dbid: 2, toplevel: null, database: 'erp', user: 'other', query: null, calls: 1, total_exec_time: 1 },
  ]);

  it('keys rows by queryid, database, user and toplevel; keeps queryid as text', () => {
    expect(rows[0]!.key).toBe(statementKey('-5', 1, 10, true));
    expect(rows[0]!.queryId).toBe('-5');
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
  });

  it('sorts by the chosen column in the chosen mode', () => {
    const none = intervalRates(undefined, { rows, at: 0 });
    const total = statementsView(rows, none, { sortColumn: 'total', desc: true, filter: '', selected: null }, { view: 'time', mode: 'total', showOwn: false });
    expect(total.rows[0]!.s.queryId).toBe('7');
    expect(total.rows[0]!.share).toBeCloseTo(900 / 1002, 5);
    const calls = statementsView(rows, none, { sortColumn: 'calls', desc: true, filter: '', selected: null }, { view: 'time', mode: 'total', showOwn: false });
    expect(calls.rows[0]!.s.queryId).toBe('-5');
  });

  it('filters on db:, user: and text', () => {
    const t = (f: string) => rows.filter((s: Statement) => compileStatementFilter(f).test({ key: s.key, s, rate: null, share: null })).map((s) => s.queryId);
    expect(t('db:erp user:bat')).toEqual(['7']);
    expect(t('update')).toEqual(['7']);
    expect(t('/select \\$1/')).toEqual(['-5']);
    expect(compileStatementFilter('/(/').error).toMatch(/invalid/);
  });

  it('formats statement times', () => {
    expect(ms(0.0123)).toBe('0.012ms');
    expect(ms(4.567)).toBe('4.57ms');
    expect(ms(45.67)).toBe('45.7ms');
    expect(ms(456.7)).toBe('457ms');
    expect(ms(12_300)).toBe('12s');
    expect(ms(null)).toBe('—');
  });
});
