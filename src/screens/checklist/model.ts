/**
 * Lines of the checklist screen, computed from the controller state (pure). Server text
 * (evidence, summaries) is sanitized here, before anything renders it.
 */
import { changeCounts, compareFindings } from '../../checklists/state';
import { duration } from '../../format';
import type { Outcome } from '../../checklists/types';
import { safeLine, trusted, type SafeText } from '../../text/sanitize';
import type { Tone } from '../../components/theme';
import type { ControllerState } from '../../checklists/controller';
import { jumpTarget } from './jump';

export interface ListRow {
  key: string;
  text: SafeText;
  tone?: Tone;
}

export interface DetailLine {
  text: SafeText;
  tone?: Tone;
}

// Words, not colour alone: an unknown step reads UNKN under NO_COLOR and in plain ASCII, and is
// not drawn dim (it is something the operator must look at, not nothing to see).
const LABEL: Record<Outcome, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'UNKN' };
const TONE: Record<Outcome, Tone> = { pass: 'ok', warn: 'warn', fail: 'bad', unknown: 'info' };
const MARK = { done: 'done', skipped: 'skip', 'follow-up': 'follow' } as const;

/** Picker rows (checklists) or step rows (outcome, mark, title, summary). */
export function listRows(s: ControllerState): ListRow[] {
  if (s.mode === 'pick' || !s.def || !s.session) {
    return s.defs.map((d) => ({ key: d.id, text: safeLine(`${d.kind === 'runbook' ? 'runbook    ' : 'maintenance'}  ${d.id.padEnd(16)} ${d.title} (${d.steps.length} steps)`) }));
  }
  const session = s.session;
  return s.def.steps.map((st, i) => {
    const r = session.steps[st.id];
    const outcome = s.running.includes(st.id) ? ' .. ' : r?.outcome ? LABEL[r.outcome] : st.check ? ' -  ' : 'man.';
    const mark = r?.mark ? MARK[r.mark] : '';
    return {
      key: st.id,
      text: safeLine(`${String(i + 1).padStart(2)}. [${outcome}] ${mark.padEnd(6)} ${st.title}${r?.summary ? ` — ${r.summary}` : ''}`),
      ...(r?.outcome ? { tone: TONE[r.outcome] } : {}),
    };
  });
}

/** What the selected step says: why, the check's verdict and evidence, changes, remediation, note. */
export function detailLines(s: ControllerState, stepId: string | null, evidenceRows: number): DetailLine[] {
  if (s.mode === 'pick') {
    const d = s.defs.find((x) => x.id === stepId);
    const lines: DetailLine[] = d ? [{ text: safeLine(d.description) }, { text: safeLine(`source: ${d.source ?? 'built-in'}`), tone: 'muted' }] : [];
    for (const e of s.loadErrors) lines.push({ text: safeLine(e), tone: 'warn' });
    return lines;
  }
  const step = s.def?.steps.find((x) => x.id === stepId);
  if (!step || !s.session) return [];
  const r = s.session.steps[step.id];
  const out: DetailLine[] = [{ text: safeLine(step.why) }];
  if (step.check) out.push({ text: safeLine(`check: ${step.check.id}${step.check.thresholds ? ` ${JSON.stringify(step.check.thresholds)}` : ''}`), tone: 'muted' });
  if (r?.summary) out.push({ text: safeLine(`${r.outcome?.toUpperCase() ?? ''}: ${r.summary}`), ...(r.outcome ? { tone: TONE[r.outcome] } : {}) });
  // The summary already says what was not seen; the grant that would show it goes below.
  for (const u of r?.unseen ?? []) {
    if (!u.grant) continue;
    out.push({ text: trusted('what would let this role see it (for an administrator to run):'), tone: 'muted' });
    for (const l of u.grant.split('\n')) out.push({ text: safeLine(l), tone: 'info' });
  }
  if (r?.evidence && r.evidence.rows.length > 0) {
    out.push({ text: safeLine(r.evidence.columns.join(' | ')), tone: 'info' });
    for (const row of r.evidence.rows.slice(0, evidenceRows)) out.push({ text: safeLine(row.join(' | ')) });
    if (r.evidence.rows.length > evidenceRows) out.push({ text: trusted(`… ${r.evidence.rows.length - evidenceRows} more rows`), tone: 'muted' });
  }
  if (r?.outcome && s.previous) {
    const ch = compareFindings(r.findings, s.previous.steps[step.id]?.findings, r);
    out.push({ text: trusted(`since ${s.previous.startedAt.slice(0, 10)}: ${changeCounts(ch)}`), tone: 'info' });
  }
  if (step.remediation?.action) out.push({ text: safeLine(`fix: ${step.remediation.action}`) });
  if (step.remediation?.sql) {
    // Shown and copied; run only through x and its confirmation.
    out.push({ text: trusted('remediation SQL (y copies it; x runs it after confirmation):'), tone: 'muted' });
    for (const l of step.remediation.sql.split('\n')) out.push({ text: safeLine(`  ${l}`) });
  }
  const jump = jumpTarget(step, r);
  if (jump) out.push({ text: safeLine(`enter: open the ${jump.screen} pane${jump.filter ? ` filtered on ${jump.filter}` : ''}`), tone: 'muted' });
  if (r?.note) out.push({ text: safeLine(`note: ${r.note}`), tone: 'info' });
  return out;
}

/** What the prompt box shows above the line being typed. */
export interface PromptView {
  title: SafeText;
  lines: SafeText[];
  hint: SafeText;
}

const stepLabel = (s: ControllerState, stepId: string): string => {
  const i = s.def?.steps.findIndex((x) => x.id === stepId) ?? -1;
  return `step ${i + 1} “${s.def?.steps[i]?.title ?? stepId}”`;
};

/** The checklist prompt's title (which step, which mark or which value) and its keys. */
export function promptView(s: ControllerState): PromptView | undefined {
  const p = s.prompt;
  if (!p) return undefined;
  if (p.purpose === 'note') {
    return {
      title: safeLine(`Note on ${stepLabel(s, p.stepId)} — ${p.mark ? `marked ${p.mark}` : 'not marked'}`),
      lines: [],
      hint: trusted('Enter saves · Esc cancels · an empty note removes it (Ctrl+U clears the line)'),
    };
  }
  const ph = p.placeholders[p.index]!;
  const how = ph.literal
    ? 'it is single-quoted as a string literal'
    : ph.list
      ? 'comma-separated names, each double-quoted as an identifier (exact spelling, case kept)'
      : 'the exact name: it is double-quoted as an identifier (case kept)';
  return {
    title: safeLine(`Value for <${ph.name}>${p.placeholders.length > 1 ? ` (${p.index + 1} of ${p.placeholders.length})` : ''} in the fix of ${stepLabel(s, p.stepId)}`),
    lines: [safeLine(`  ${p.template}`), safeLine(how)],
    hint: trusted(`Enter ${p.index + 1 < p.placeholders.length ? 'next value' : 'shows the statement to confirm'} · Esc cancels, nothing is run`),
  };
}

/** What the session picker shows. */
export interface PickerView {
  title: SafeText;
  header: SafeText;
  rows: SafeText[];
  cursor: number;
  /** The keys, and what the signal checks. */
  hint: [SafeText, SafeText];
}

/** The sessions a step's check recorded, to choose the one to cancel or terminate. */
export function pickerView(s: ControllerState, nowS: number): PickerView | undefined {
  const p = s.picker;
  const rec = p ? s.session?.steps[p.stepId] : undefined;
  if (!p || !rec?.backends?.length || !rec.evidence) return undefined;
  const seen = rec.checkedAt ? Math.max(0, nowS - Date.parse(rec.checkedAt) / 1000) : null;
  const what = p.verb === 'terminate' ? 'Terminate which session (pg_terminate_backend)' : 'Cancel the query of which session (pg_cancel_backend)';
  return {
    title: safeLine(`${what}? — ${stepLabel(s, p.stepId)}`),
    header: safeLine(rec.evidence.columns.join(' | ')),
    rows: rec.backends.map((_, i) => safeLine((rec.evidence!.rows[i] ?? []).join(' | '))),
    cursor: Math.min(p.cursor, rec.backends.length - 1),
    hint: [
      trusted(`↑/↓ choose · Enter asks for confirmation · x ${p.verb === 'terminate' ? 'cancel only the query instead' : 'terminate the session instead'} · Esc back`),
      trusted(`As the check saw them${seen === null ? '' : ` ${String(duration(seen))} ago`}: the signal goes only if the pid still belongs to that backend (backend_start), and is logged.`),
    ],
  };
}
