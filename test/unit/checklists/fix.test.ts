import { describe, expect, it } from 'vitest';
import { lockWarning, needsNoTransaction, planFix } from '../../../src/checklists/fix';

describe('planFix', () => {
  const ev = { columns: ['index', 'same as', 'table', 'size'], rows: [['app.t_a_idx2', 'app.t_a_idx', 'app.t', '8 kB']] };

  it('fills placeholders from the first evidence row and drops comments', () => {
    expect(planFix('DROP INDEX CONCURRENTLY <schema>.<duplicate_index>;  -- keep the one that backs a constraint', ev)).toEqual({
      sql: 'DROP INDEX CONCURRENTLY app.t_a_idx2;',
      warning: undefined,
      transaction: false,
    });
    expect(planFix('ANALYZE <schema>.<table>;', { columns: ['table'], rows: [['t']] })).toEqual({ sql: 'ANALYZE t;', warning: undefined, transaction: true });
  });

  it('refuses names that would need quoting, missing evidence, several statements and comment-only SQL', () => {
    expect(planFix('ANALYZE <schema>.<table>;', { columns: ['table'], rows: [['"odd name"; DROP TABLE x']] })).toHaveProperty('error');
    expect(planFix('ANALYZE <schema>.<table>;', undefined)).toHaveProperty('error');
    expect(planFix('ANALYZE a; ANALYZE b;', undefined)).toHaveProperty('error');
    expect(planFix('-- pg_repack --table <schema>.<table> <dbname>', undefined)).toEqual({ error: 'the suggested SQL is only a comment: nothing to run' });
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
    expect(needsNoTransaction('DROP INDEX CONCURRENTLY i')).toBe(true);
    expect(needsNoTransaction('REINDEX TABLE CONCURRENTLY t')).toBe(true);
    expect(needsNoTransaction('ANALYZE t')).toBe(false);
    expect(needsNoTransaction('DROP INDEX i')).toBe(false);
  });
});
