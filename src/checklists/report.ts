/**
 * The Markdown report of a checklist session: who ran it on which server and when, each step's
 * outcome with its evidence, the operator's marks and notes, and what changed since last time.
 */
import { changeCounts, compareFindings, type SessionRecord } from './state';
import type { ChecklistDef, Outcome } from './types';

export interface ReportInput {
  def: ChecklistDef;
  session: SessionRecord;
  previous?: SessionRecord;
  server: string;
  /** e.g. "PostgreSQL 18.1" */
  version?: string;
}

const LABEL: Record<Outcome, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'UNKNOWN' };

/** Format characters (bidi controls, zero width, BOM, tags), line/paragraph separators, Hangul fillers. */
const INVISIBLE_RE = /[\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/gu;

/**
 * Server text in a Markdown table cell: control characters (escape sequences included) become
 * visible `\xNN`, pipes are escaped, line breaks become spaces. Bidi overrides, zero-width and
 * other invisible format characters become visible `\u{XXXX}`: a report is read in editors and
 * browsers that obey them, where they reorder a line or make two names look the same.
 */
export function cell(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(INVISIBLE_RE, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`)
    .replace(/\|/g, '\\|');
}

/** A fenced block whose fence is longer than any backtick run inside (CommonMark). */
function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

function table(columns: string[], rows: string[][]): string[] {
  return [`| ${columns.map(cell).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Counts of each outcome among the steps that ran a check. */
export function tally(session: SessionRecord): Record<Outcome, number> {
  const t: Record<Outcome, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const r of Object.values(session.steps)) if (r.outcome) t[r.outcome]++;
  return t;
}

export function renderReport(input: ReportInput): string {
  const { def, session, previous } = input;
  const t = tally(session);
  const out: string[] = [
    `# ${cell(def.title)}`,
    '',
    `- Server: ${cell(input.server)}${input.version ? ` (${cell(input.version)})` : ''}`,
    `- Date: ${session.startedAt}${session.finishedAt ? ` – ${session.finishedAt}` : ''}`,
    `- Operator: ${cell(session.operator)}`,
    `- Checklist: ${def.id} (${def.source ?? 'built-in'})`,
    `- Result: ${t.fail} fail, ${t.warn} warn, ${t.unknown} unknown, ${t.pass} pass`,
    `- Compared with: ${previous ? `the session of ${previous.startedAt}` : 'no earlier session on this server'}`,
    '',
    '## Summary',
    '',
    ...table(
      ['#', 'Step', 'Outcome', 'Mark', 'Since last time'],
      def.steps.map((s, i) => {
        const r = session.steps[s.id];
        const ch = r?.outcome && previous ? compareFindings(r.findings, previous.steps[s.id]?.findings, r) : undefined;
        return [String(i + 1), s.title, r?.outcome ? LABEL[r.outcome] : s.check ? 'not run' : 'manual', r?.mark ?? '', ch ? changeCounts(ch) : ''];
      }),
    ),
  ];
  def.steps.forEach((s, i) => {
    const r = session.steps[s.id];
    out.push('', `## ${i + 1}. ${cell(s.title)} — ${r?.outcome ? LABEL[r.outcome] : s.check ? 'NOT RUN' : 'MANUAL'}`, '', cell(s.why));
    if (r?.summary) out.push('', `**Check:** ${cell(r.summary)}`);
    for (const u of r?.unseen ?? []) {
      out.push('', `**Not seen:** ${cell(u.reason)}`);
      if (u.grant) out.push('', 'What would let this role see it:', '', fence(u.grant, 'sql'));
    }
    if (r?.evidence && r.evidence.rows.length > 0) out.push('', ...table(r.evidence.columns, r.evidence.rows));
    if (r?.outcome && previous) {
      const ch = compareFindings(r.findings, previous.steps[s.id]?.findings, r);
      const list = (xs: string[]): string => (xs.length === 0 ? 'none' : xs.map((x) => `\`${cell(x)}\``).join(', '));
      const unchecked = ch.unchecked.length > 0 ? `; not checked this time (could not be read): ${list(ch.unchecked)}` : '';
      out.push('', `**Since last time:** new: ${list(ch.added)}; resolved: ${list(ch.resolved)}; still there: ${list(ch.still)}${unchecked}`);
    }
    if (s.remediation?.action) out.push('', `**Remediation:** ${cell(s.remediation.action)}`);
    if (s.remediation?.sql) out.push('', fence(s.remediation.sql, 'sql'));
    for (const f of r?.fixes ?? []) out.push('', `**Run (confirmed) at ${cell(f.at)}:** ${cell(f.result)}`, '', fence(f.sql, 'sql'));
    if (r?.mark) out.push('', `**Marked:** ${r.mark}`);
    if (r?.note) out.push('', `**Note:** ${cell(r.note)}`);
  });
  out.push('');
  return out.join('\n');
}
