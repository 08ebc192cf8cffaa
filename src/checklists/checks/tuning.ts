/**
 * Per-table autovacuum tuning for high-write tables, as the operations guide gives it: a large
 * table whose rows are updated or deleted over and over waits, at the default scale factor of
 * 0.2, for a fifth of itself to be dead before autovacuum starts.
 */
import { count } from '../../format';
import { writeLoadSource, type WriteLoad } from '../tableSources';
import { defineCheck, gradeHigh, qname } from './define';

/** The guide's per-table settings for a high-write table. */
export const TUNED = 'autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.01, autovacuum_vacuum_cost_limit = 1000';

const LARGE = 1_000_000;

export const autovacuumTuning = defineCheck({
  id: 'autovacuum_tuning',
  title: 'High-write tables without autovacuum tuning',
  thresholdsDoc: 'warn/fail: rows updated and deleted since the statistics reset as a multiple of the table\'s live rows (1 = the whole table changed once); min: live rows for a table to be judged (the guide: large tables, 1,000,000)',
  defaults: { warn: 1, min: LARGE },
  sources: [writeLoadSource],
  evaluate([tables], th) {
    const turnover = (t: WriteLoad): number => t.changed / Math.max(1, t.liveTuples);
    // A table that already has its own scale factor was tuned by someone: left to them.
    const hits = tables
      .filter((t) => t.liveTuples >= (th.min ?? LARGE) && !t.options.some((o) => o.startsWith('autovacuum_vacuum_scale_factor=')) && gradeHigh(turnover(t), th) !== 'pass')
      .sort((a, b) => turnover(b) - turnover(a));
    const outcome = hits.some((t) => gradeHigh(turnover(t), th) === 'fail') ? 'fail' : hits.length > 0 ? 'warn' : 'pass';
    return {
      outcome,
      summary: hits.length === 0 ? `no table of ${String(count(th.min ?? LARGE))} rows or more changed ${th.warn ?? 1}x its size without a scale factor of its own` : `${hits.length} high-write tables on the default autovacuum scale factor (0.2: they wait for a fifth of their rows to be dead)`,
      evidence: {
        columns: ['table', 'live rows', 'updated + deleted', 'x size', 'dead now', 'vacuum starts at', 'own options', 'statement'],
        rows: hits.slice(0, 15).map((t) => [
          qname(t.schema, t.name),
          String(count(t.liveTuples)),
          String(count(t.changed)),
          turnover(t).toFixed(1),
          String(count(t.deadTuples)),
          `${String(count(Math.round(50 + 0.2 * t.liveTuples)))} dead (default) -> ${String(count(Math.round(1000 + 0.02 * t.liveTuples)))}`,
          t.options.join(', '),
          `ALTER TABLE ${qname(t.schema, t.name)} SET (${TUNED});`,
        ]),
      },
      findings: hits.map((t) => `autovacuum_tuning:${t.schema}.${t.name}`),
    };
  },
});
