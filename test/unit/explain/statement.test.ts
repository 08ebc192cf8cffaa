import { describe, expect, it } from 'vitest';
import { castTypedParams, isTruncated, scanSql, writeRisk } from '../../../src/explain/statement';
import { precheck } from '../../../src/explain/runner';

describe('statement scan', () => {
  it('counts statements and parameters outside strings, comments and dollar quotes', () => {
    expect(scanSql('select 1').statements).toBe(1);
    expect(scanSql('select 1;').statements).toBe(1);
    expect(scanSql('select 1; drop table t').statements).toBe(2);
    expect(scanSql("select ';' , $$;$$, $x$ ; $x$, \"a;b\" -- ;\n /* ; /* ; */ */").statements).toBe(1);
    expect(scanSql("select E'\\';' from t").statements).toBe(1);
    expect(scanSql('select * from t where a = $1 and b in ($2, $10)').params).toBe(10);
    expect(scanSql("select '$1'").params).toBe(0);
    expect(scanSql('  -- only a comment').statements).toBe(0);
  });
});

describe('write risk', () => {
  it.each([
    ['SELECT * FROM orders WHERE id = 1', false],
    ['select count(*), max(created_at) from orders', false],
    ['WITH x AS (SELECT 1) SELECT * FROM x', false],
    ["DELETE FROM orders WHERE status = 'cancelled'", true],
    ['UPDATE t SET a = 1', true],
    ['INSERT INTO t VALUES (1)', true],
    ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', true],
    ['WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone', true],
    ['SELECT * FROM t FOR UPDATE', true],
    ['SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED', true],
    ['SELECT * INTO newt FROM t', true],
    ["SELECT nextval('s')", true],
    ['SELECT my_function(1)', true],
    ["SELECT 'DELETE FROM x'", false],
  ])('%s -> writes=%s', (sql, writes) => {
    expect(writeRisk(sql).writes).toBe(writes);
  });

  it('says why', () => {
    expect(writeRisk('SELECT * FROM t FOR UPDATE').reasons.join()).toMatch(/FOR UPDATE/);
    expect(writeRisk('select archive_old()').reasons.join()).toMatch(/archive_old\(\)/);
  });
});

describe('truncation by track_activity_query_size', () => {
  it('counts bytes, not characters', () => {
    expect(isTruncated('x'.repeat(1023), 1024)).toBe(true);
    expect(isTruncated('x'.repeat(1022), 1024)).toBe(false);
    expect(isTruncated('é'.repeat(512), 1024)).toBe(true);
  });
});

describe('precheck', () => {
  const base = { major: 18, analyze: false, allowWrites: false, readOnly: false, inRecovery: false };
  it('plans, plans generically, or asks for confirmation', () => {
    expect(precheck('select 1', base)).toMatchObject({ mode: 'plan' });
    expect(precheck('select * from t where a = $1', base)).toMatchObject({ mode: 'generic', params: 1 });
    expect(precheck('delete from t', { ...base, analyze: true })).toMatchObject({ ok: false, reason: 'confirm-writes' });
    expect(precheck('delete from t', { ...base, analyze: true, allowWrites: true })).toMatchObject({ mode: 'analyze' });
  });
  it('refuses what it must', () => {
    expect(precheck('select 1; select 2', base)).toMatchObject({ ok: false, reason: 'refused' });
    expect(precheck('vacuum t', base)).toMatchObject({ ok: false, reason: 'refused' });
    expect(precheck('select 1', { ...base, analyze: true, readOnly: true })).toMatchObject({ ok: false, reason: 'refused' });
    expect(precheck('delete from t', { ...base, analyze: true, allowWrites: true, inRecovery: true })).toMatchObject({ ok: false, reason: 'refused' });
    expect(precheck('select * from t where a = $1', { ...base, analyze: true })).toMatchObject({ ok: false, reason: 'refused' });
  });
});

describe('typed literals normalized by pg_stat_statements', () => {
  it.each([
    ['select * from t where at > now() - interval $2', 'select * from t where at > now() - $2::interval'],
    ['select date $1, timestamp with time zone $2, TIMESTAMPTZ $3', 'select $1::date, $2::timestamp with time zone, $3::TIMESTAMPTZ'],
    ["select 'interval $1' -- interval $2\n, interval $3", "select 'interval $1' -- interval $2\n, $3::interval"],
    ['select a from t where b = $1', 'select a from t where b = $1'],
  ])('%s', (input, want) => {
    expect(castTypedParams(input)).toBe(want);
  });
});
