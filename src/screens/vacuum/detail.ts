/**
 * The lines under the tables view about the selected table: where it stands against autovacuum,
 * its sizes and bloat estimate, and the exact pgstattuple figure (offered, pending, running, done).
 */
import type { VacuumSettings } from '../../data/collectors/vacuum';
import { bytes, count, duration, percent } from '../../format';
import type { ExactState } from './pane';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';
import type { Tone } from '../../components/theme';
import type { TableRow } from './model';

export interface DetailLine {
  text: SafeText;
  tone?: Tone;
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000));

export function tableDetail(
  r: TableRow,
  opts: { settings: VacuumSettings | undefined; exact: ExactState | undefined; readOnly?: boolean; nowMs: number; ascii: boolean },
): DetailLine[] {
  const o = { ascii: opts.ascii };
  const t = r.stats;
  const lines: DetailLine[] = [];
  const rows = Math.max(0, t.reltuples);
  const av = opts.settings && !opts.settings.autovacuum ? ' (autovacuum is off server-wide)' : '';
  const vac = t.autovacuumEnabled
    ? `vacuum at ${count(t.vacThreshold, o)} dead (${num(t.vacBase)} + ${num(t.vacScale)} x ${count(rows, o)} rows)${(r.vacuumRatio ?? 0) >= 1 ? ': due' : `: ${percent(r.vacuumRatio, o)} there`}`
    : 'autovacuum_enabled=off: only anti-wraparound vacuums run';
  const ins = t.autovacuumEnabled && t.insThreshold != null ? `; after ${count(t.insThreshold, o)} inserts (${count(t.insSinceVacuum, o)} so far)` : '';
  const anl = t.autovacuumEnabled ? `; analyze at ${count(t.anlThreshold, o)} changes (${count(t.modSinceAnalyze, o)} so far)` : '';
  lines.push({
    text: joinSafe([safeLine(r.qualified), trusted(`: ${count(t.deadTuples, o)} dead, ${percent(r.deadShare, o)}; ${vac}${ins}${anl}${av}`)]),
    tone: t.autovacuumEnabled ? ((r.vacuumRatio ?? 0) >= 1 ? 'warn' : undefined) : 'warn',
  });
  const b = r.bloat;
  let sizes: string;
  if (b?.locked) sizes = 'an ACCESS EXCLUSIVE lock is held or requested on it: sizes skipped so as not to queue behind it';
  else if (!b) sizes = `size ~${bytes(r.sizeBytes, o)} from pg_class (sizes and bloat are read every 60 s for the 200 largest tables)`;
  else {
    const est =
      b.bloatShare == null
        ? 'no bloat estimate: never analyzed, or its statistics are not readable by this role (pg_stats needs SELECT on the columns)'
        : `bloat ~${percent(b.bloatShare, o)} (~${bytes(b.bloatBytes, o)}), estimated from statistics`;
    sizes = `size ${bytes(b.tableBytes, o)} (indexes ${bytes(b.indexBytes, o)}, toast ${bytes(b.toastBytes, o)}); ${est}`;
  }
  lines.push({ text: trusted(sizes) });
  const e = opts.exact;
  const schema = opts.settings?.pgstattupleSchema ?? null;
  if (e?.state === 'running') {
    lines.push({ text: trusted(`pgstattuple is reading the table (started ${duration(Math.max(0, (opts.nowMs - e.at) / 1000), o)} ago)`), tone: 'info' });
  } else if (e?.state === 'done') {
    const x = e.result;
    lines.push({
      text: trusted(
        `exact (pgstattuple): bloat ${bytes(x.bloatBytes, o)} = ${percent(x.bloatShare, o)} of ${bytes(x.tableLen, o)}; ` +
          `${count(x.deadTupleCount, o)} dead tuples (${bytes(x.deadTupleLen, o)}), free ${bytes(x.freeSpace, o)}` +
          (b?.bloatShare != null ? `; the estimate says ~${percent(b.bloatShare, o)}` : ''),
      ),
      tone: 'info',
    });
  } else if (e?.state === 'failed') {
    lines.push({ text: joinSafe([trusted('pgstattuple failed: '), safeLine(e.error)]), tone: 'bad' });
    if (e.hint) lines.push({ text: joinSafe([trusted('fix: '), safeLine(e.hint)]), tone: 'info' });
  } else if (schema) {
    // Read-only sessions run nothing on request (the key is refused): no offer.
    if (!opts.readOnly) lines.push({ text: trusted('e: exact figure with pgstattuple (reads the whole table, asks first)') });
  } else if (opts.settings) {
    lines.push({ text: trusted('exact figures need pgstattuple in this database: CREATE EXTENSION pgstattuple; (run by a superuser; readers need pg_stat_scan_tables)') });
  }
  return lines;
}
