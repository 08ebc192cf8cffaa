/** Index hygiene: unused, duplicate and invalid indexes, foreign keys without an index. */
import { fkIndexCollector, indexesCollector, isUnusedIndex } from '../../data/collectors/bloat';
import { bytes } from '../../format';
import { fromCollector } from '../sources';
import { defineCheck, gradeHigh, qname } from './define';

const indexes = fromCollector(indexesCollector);
const fkindex = fromCollector(fkIndexCollector);
const size = (n: number | null): string => String(bytes(n));

export const unusedIndexes = defineCheck({
  id: 'unused_indexes',
  title: 'Unused indexes',
  thresholdsDoc: 'warn/fail: number of never-scanned indexes (not backing a constraint); min: ignore indexes smaller than this many bytes',
  defaults: { warn: 1, min: 0 },
  sources: [indexes],
  evaluate([all], th, env) {
    // idx_scan counts since the last statistics reset: an index used monthly may read 0 after a reset.
    // A locked index has no size this run: the catalog's page count stands in, so it is not skipped.
    const unused = all.filter((i) => isUnusedIndex(i) && (i.bytes ?? i.relpages * env.caps.blockSize) >= (th.min ?? 0));
    const total = unused.reduce((s, i) => s + (i.bytes ?? 0), 0);
    return {
      outcome: gradeHigh(unused.length, th),
      summary: unused.length === 0 ? 'every index has been scanned since the statistics were reset' : `${unused.length} never-scanned indexes, ${size(total)} in all`,
      evidence: { columns: ['index', 'table', 'size', 'definition'], rows: unused.map((i) => [qname(i.schema, i.name), i.table, size(i.bytes), i.definition ?? '']) },
      findings: unused.map((i) => `unused_index:${i.schema}.${i.name}`),
    };
  },
});

export const duplicateIndexes = defineCheck({
  id: 'duplicate_indexes',
  title: 'Duplicate indexes',
  thresholdsDoc: 'warn/fail: number of indexes that have an identical twin on the same table',
  defaults: { warn: 1 },
  sources: [indexes],
  evaluate([all], th) {
    // Report each set once: every twin but the one whose name sorts first (keep whichever backs a constraint).
    const dups = all.filter((i) => i.duplicates.some((d) => d < i.name));
    return {
      outcome: gradeHigh(dups.length, th),
      summary: dups.length === 0 ? 'no two indexes on a table are identical' : `${dups.length} indexes duplicate another on the same table`,
      evidence: { columns: ['index', 'same as', 'table', 'size'], rows: dups.map((i) => [qname(i.schema, i.name), i.duplicates.join(', '), i.table, size(i.bytes)]) },
      findings: dups.map((i) => `duplicate_index:${i.schema}.${i.name}`),
    };
  },
});

export const invalidIndexes = defineCheck({
  id: 'invalid_indexes',
  title: 'Invalid indexes',
  thresholdsDoc: 'warn/fail: number of invalid indexes (left by a failed CREATE INDEX CONCURRENTLY)',
  defaults: { fail: 1 },
  sources: [indexes],
  evaluate([all], th) {
    // An invalid index is still maintained on every write but never used to read.
    const bad = all.filter((i) => !i.valid);
    return {
      outcome: gradeHigh(bad.length, th),
      summary: bad.length === 0 ? 'no invalid indexes' : `${bad.length} invalid indexes: written on every change, never read`,
      evidence: { columns: ['index', 'table', 'size', 'definition'], rows: bad.map((i) => [qname(i.schema, i.name), i.table, size(i.bytes), i.definition ?? '']) },
      findings: bad.map((i) => `invalid_index:${i.schema}.${i.name}`),
    };
  },
});

export const fkWithoutIndex = defineCheck({
  id: 'fk_without_index',
  title: 'Foreign keys without an index',
  thresholdsDoc: 'warn/fail: number of foreign keys whose columns lead no index; min: ignore referencing tables smaller than this many bytes',
  defaults: { warn: 1, min: 0 },
  sources: [fkindex],
  evaluate([fks], th) {
    // Without an index, every DELETE/UPDATE of a referenced key scans the referencing table.
    const hits = fks.filter((f) => f.tableBytes >= (th.min ?? 0));
    return {
      outcome: gradeHigh(hits.length, th),
      summary: hits.length === 0 ? 'every foreign key has an index on its columns' : `${hits.length} foreign keys without an index`,
      evidence: { columns: ['constraint', 'table', 'columns', 'references', 'table size'], rows: hits.map((f) => [f.constraint, qname(f.schema, f.table), f.columns, f.referencedTable, size(f.tableBytes)]) },
      findings: hits.map((f) => `fk_without_index:${f.schema}.${f.table}.${f.constraint}`),
    };
  },
});
