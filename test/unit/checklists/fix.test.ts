import { describe, expect, it } from 'vitest';
import { fillPlaceholders, lockWarning, maintenanceRisk, needsNoTransaction, planFix, quoteLiteral, quoteValue, suggestValue } from '../../../src/checklists/fix';

describe('planFix', () => {
  const ev = { columns: ['index', 'same as', 'table', 'size'], rows: [['app.t_a_idx2', 'app.t_a_idx', 'app.t', '8 kB']] };

  it('fills placeholders from the first evidence row and drops comments', () => {
    expect(planFix('DROP INDEX CONCURRENTLY <schema>.<duplicate_index>;  -- keep the one that backs a constraint', ev)).toEqual({
      kind: 'sql',
      sql: 'DROP INDEX CONCURRENTLY "app"."t_a_idx2";',
      warning: undefined,
      transaction: false,
    });
    // Schema-qualified and quoted: never resolved through the action session's search_path.
    expect(planFix('ANALYZE <schema>.<table>;', { columns: ['table'], rows: [['t']] })).toEqual({ kind: 'sql', sql: 'ANALYZE "public"."t";', warning: undefined, transaction: true });
    expect(planFix('VACUUM (FREEZE, VERBOSE) <schema>.<oldest_table>;', { columns: ['table'], rows: [['app.select']] })).toMatchObject({ sql: 'VACUUM (FREEZE, VERBOSE) "app"."select";' });
  });

  it('refuses maintenance fixes on minors that ran index functions with the caller\'s rights', () => {
    expect(maintenanceRisk('ANALYZE "public"."t"', 130006)).toMatch(/CVE-2022-1552/);
    expect(maintenanceRisk('CREATE INDEX CONCURRENTLY ON <schema>.<table> (<fk columns>)', 140002)).toMatch(/CVE-2022-1552/);
    expect(maintenanceRisk('vacuum (verbose) x', 130007)).toBeUndefined();
    expect(maintenanceRisk('REINDEX INDEX CONCURRENTLY x', 180000)).toBeUndefined();
    expect(maintenanceRisk("SELECT pg_drop_replication_slot('s')", 130000)).toBeUndefined();
  });

  it('asks for what the evidence cannot fill (a name that needs quoting, no evidence), refuses several statements and comment-only SQL', () => {
    const table = [{ name: 'schema', list: false, literal: false }, { name: 'table', list: false, literal: false }];
    expect(planFix('ANALYZE <schema>.<table>;', { columns: ['table'], rows: [['"odd name"; DROP TABLE x']] })).toEqual({ kind: 'ask', template: 'ANALYZE <schema>.<table>', placeholders: table });
    expect(planFix('ANALYZE <schema>.<table>;', undefined)).toEqual({ kind: 'ask', template: 'ANALYZE <schema>.<table>', placeholders: table });
    expect(planFix('ANALYZE a; ANALYZE b;', undefined)).toHaveProperty('error');
    expect(planFix('-- pg_repack --table <schema>.<table> <dbname>', undefined)).toEqual({ error: 'the suggested SQL is only a comment: nothing to run' });
  });
});

describe('placeholders the evidence cannot fill', () => {
  it('hands a signal to a <pid> to the backend actions instead of running SQL', () => {
    expect(planFix('SELECT pg_terminate_backend(<pid>);  -- or pg_cancel_backend(<pid>) to stop only the query', undefined)).toEqual({ kind: 'signal', verb: 'terminate' });
    expect(planFix('select pg_cancel_backend( <pid> )', undefined)).toEqual({ kind: 'signal', verb: 'cancel' });
    expect(planFix('SELECT pg_terminate_backend(<pid>) FROM x', undefined)).toHaveProperty('error');
    expect(planFix("SELECT pg_stat_get_backend_pid(<pid>)", undefined)).toHaveProperty('error');
  });

  it('knows a list of names and a string literal', () => {
    expect(planFix('CREATE INDEX CONCURRENTLY ON <schema>.<table> (<fk columns>);', { columns: ['constraint', 'table', 'columns'], rows: [['c_fk', 'child', 'parent_id']] })).toEqual({
      kind: 'ask',
      template: 'CREATE INDEX CONCURRENTLY ON "public"."child" (<fk columns>)',
      placeholders: [{ name: 'fk columns', list: true, literal: false }],
    });
    expect(planFix("SELECT pg_drop_replication_slot('<slot>');", undefined)).toMatchObject({ kind: 'ask', placeholders: [{ name: 'slot', list: false, literal: true }] });
  });

  it('quotes every value as an identifier, case and spaces kept, and refuses what PostgreSQL would change', () => {
    const role = { name: 'app_role', list: false, literal: false };
    expect(fillPlaceholders("ALTER ROLE <app_role> SET idle_in_transaction_session_timeout = '60s'", [role], { app_role: 'App User' })).toEqual({
      sql: `ALTER ROLE "App User" SET idle_in_transaction_session_timeout = '60s';`,
      warning: undefined,
      transaction: true,
    });
    // An attempt to close the identifier stays inside it.
    expect(quoteValue(role, 'x" SUPERUSER; --')).toEqual({ text: '"x"" SUPERUSER; --"' });
    expect(quoteValue(role, '  ')).toEqual({ error: 'no value for <app_role>' });
    expect(quoteValue(role, 'a'.repeat(64))).toHaveProperty('error');
    expect(quoteValue(role, 'é'.repeat(32))).toHaveProperty('error'); // 64 bytes
    expect(quoteValue({ name: 'fk columns', list: true, literal: false }, 'a, B ,c')).toEqual({ text: '"a", "B", "c"' });
    expect(quoteValue({ name: 'fk columns', list: true, literal: false }, 'a,,b')).toHaveProperty('error');
    const slot = { name: 'slot', list: false, literal: true };
    expect(fillPlaceholders("SELECT pg_drop_replication_slot('<slot>')", [slot], { slot: "it's" })).toMatchObject({ sql: "SELECT pg_drop_replication_slot('it''s');" });
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
  });

  it('suggests a value from the evidence column of the same name', () => {
    const ev = { columns: ['pid', 'user', 'columns'], rows: [['1', 'app', 'a, b']] };
    expect(suggestValue({ name: 'app_role', list: false, literal: false }, ev)).toBe('app');
    expect(suggestValue({ name: 'fk columns', list: true, literal: false }, ev)).toBe('a, b');
    expect(suggestValue({ name: 'sequence', list: false, literal: false }, ev)).toBe('');
    expect(suggestValue({ name: 'sequence', list: false, literal: false }, undefined)).toBe('');
  });
});

describe('locks and transactions', () => {
  it('names exclusive locks in words', () => {
    expect(lockWarning('VACUUM (FULL, VERBOSE) t')).toMatch(/ACCESS EXCLUSIVE.*pg_repack/);
    expect(lockWarning('vacuum full t')).toMatch(/pg_repack/);
    expect(lockWarning('CLUSTER t')).toMatch(/ACCESS EXCLUSIVE/);
    expect(lockWarning('REINDEX INDEX i')).toMatch(/blocks every write/);
    expect(lockWarning('REINDEX INDEX CONCURRENTLY i')).toBeUndefined();
    expect(lockWarning('ALTER TABLE t SET (fillfactor = 90)')).toMatch(/exclusive lock/);
    expect(lockWarning('LOCK t')).toMatch(/exclusive lock/);
    expect(lockWarning('ANALYZE t')).toBeUndefined();
    expect(lockWarning('VACUUM (VERBOSE, ANALYZE) t')).toBeUndefined();
  });

  it('knows what cannot run in a transaction block', () => {
    expect(needsNoTransaction('VACUUM t')).toBe(true);
    expect(needsNoTransaction('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)')).toBe(true);
    expect(needsNoTransaction("ALTER SYSTEM SET log_lock_waits = 'on'")).toBe(true);
    expect(lockWarning('ALTER TABLE t SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000);')).toBeUndefined();
    expect(lockWarning('ALTER TABLE t SET (fillfactor = 70, autovacuum_vacuum_threshold = 1000);')).toMatch(/exclusive lock/);
    expect(needsNoTransaction('DROP INDEX CONCURRENTLY i')).toBe(true);
    expect(needsNoTransaction('REINDEX TABLE CONCURRENTLY t')).toBe(true);
    expect(needsNoTransaction('ANALYZE t')).toBe(false);
    expect(needsNoTransaction('DROP INDEX i')).toBe(false);
  });
});
