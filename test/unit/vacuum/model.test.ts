import { describe, expect, it } from 'vitest';
import { ageRows, indexRows, sortIndexes, sortTables, tableRows, INDEXES_TABLE, TABLES_TABLE } from '../../../src/screens/vacuum/model';
import { bloat, dbAge, fk, index, table, tableAge } from '../replication/fixtures';

describe('vacuum tables', () => {
  it('computes dead share and how close each table is to autovacuum, with sizes from pg_class until measured', () => {
    const t = table('t', { deadTuples: 30_000, liveTuples: 70_000, vacThreshold: 20_000, insSinceVacuum: 100, insThreshold: 1000, modSinceAnalyze: 0, anlThreshold: 10 });
    const [r] = tableRows([t], [], 8192);
    expect(r!.deadShare).toBeCloseTo(0.3);
    expect(r!.vacuumRatio).toBeCloseTo(1.5);
    expect(r!.triggerRatio).toBeCloseTo(1.5);
    expect(r!.sizeMeasured).toBe(false);
    expect(r!.sizeBytes).toBe(t.relpages * 8192);
    const [m] = tableRows([t], [bloat(t, { tableBytes: 123 })], 8192);
    expect(m!.sizeMeasured).toBe(true);
    expect(m!.sizeBytes).toBe(123);
  });

  it('sorts by any column with missing values last, and filters by name or options', () => {
    const rows = tableRows([table('a', { deadTuples: 1 }), table('bb', { deadTuples: 9 }), table('ccc', { deadTuples: 5, reloptions: 'fillfactor=70' })], [], 8192);
    expect(sortTables(rows, TABLES_TABLE.initial).map((r) => r.stats.name)).toEqual(['bb', 'ccc', 'a']);
    expect(sortTables(rows, { ...TABLES_TABLE.initial, filter: 'fillfactor' }).map((r) => r.stats.name)).toEqual(['ccc']);
    expect(sortTables(rows, { ...TABLES_TABLE.initial, sortColumn: 'bloatShare' }).map((r) => r.stats.name)).toEqual(['a', 'bb', 'ccc']);
  });
});

describe('index findings', () => {
  it('ranks invalid over missing FK index and duplicates over unused, never calling a constraint index unused', () => {
    const rows = indexRows(
      [
        index('pk', { primary: true, unique: true, constraintType: 'p', scans: 0 }),
        index('uq', { unique: true, constraintType: 'u', scans: 0 }),
        index('excl', { constraintType: 'x', scans: 0 }),
        index('idle', { scans: 0, bytes: 10 }),
        index('dup1', { duplicates: ['dup2'] }),
        index('bad', { valid: false, scans: 0 }),
        index('busy'),
      ],
      [fk()],
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('pk')!.issues).toEqual([]);
    expect(byName.get('uq')!.issues).toEqual([]);
    expect(byName.get('excl')!.issues).toEqual([]);
    expect(byName.get('idle')!.issues).toEqual(['UNUSED']);
    expect(byName.get('bad')!.issues).toEqual(['INVALID']);
    expect(byName.get('(order_id)')!.issues).toEqual(['NO INDEX for FK order_lines_order_id_fkey']);
    const order = sortIndexes(rows, INDEXES_TABLE.initial).map((r) => r.name);
    expect(order[0]).toBe('bad');
    expect(order.indexOf('dup1')).toBeLessThan(order.indexOf('idle'));
    expect(order.indexOf('(order_id)')).toBeLessThan(order.indexOf('idle'));
  });
});

describe('wraparound ages', () => {
  it('measures ages against autovacuum_freeze_max_age and the hard stop', () => {
    const rows = ageRows([dbAge('shop', 100_000_000)], [tableAge('t', 300_000_000)]);
    expect(rows[0]!.freezeRatio).toBeCloseTo(0.5);
    expect(rows[1]!.freezeRatio).toBeCloseTo(1.5);
    expect(rows[1]!.stopRatio).toBeCloseTo(300_000_000 / (2 ** 31 - 3_000_000));
  });
});
