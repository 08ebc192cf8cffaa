/**
 * Plans from anywhere: EXPLAIN JSON (with or without ANALYZE, BUFFERS, SETTINGS, WAL), JSON or text
 * inside psql's table frame, auto_explain lines from a server log (JSON or text), and the text
 * format. All become the same tree; what a format cannot give is listed in `unknown`. Bad input
 * throws PlanInputError naming what was expected and the line where reading stopped.
 */
import { PlanInputError } from './input-error';
import { hotNodes, parsePlan } from './parse';
import { textPlanToJson } from './text-plan';
import type { ExplainResult } from './types';

export { PlanInputError } from './input-error';

export type PlanFormat = 'json' | 'psql-json' | 'psql-text' | 'auto_explain-json' | 'auto_explain-text' | 'text';

/** psql's aligned one-column table: the QUERY PLAN header, a dashed rule, rows, "(N rows)". */
function unframe(lines: string[]): string[] | null {
  const head = lines.findIndex((l) => /^\s*QUERY PLAN\s*$/.test(l));
  if (head < 0 || !/^-+$/.test((lines[head + 1] ?? '').trim())) return null;
  const rows: string[] = [];
  let cur: string[] = [];
  for (const l of lines.slice(head + 2)) {
    if (/^\(\d+ rows?\)\s*$/.test(l)) break;
    // Each cell line starts with one space; a continued value ends with " +" after its padding.
    const cell = l.startsWith(' ') ? l.slice(1) : l;
    const cont = /\s\+$/.test(cell);
    cur.push(cont ? cell.replace(/\s*\+$/, '').replace(/\s+$/, '') : cell.replace(/\s+$/, ''));
    if (!cont) {
      rows.push(cur.join('\n'));
      cur = [];
    }
  }
  if (cur.length) rows.push(cur.join('\n'));
  return rows;
}

interface LogPlan {
  durationMs: number;
  body: string;
}

/** auto_explain messages: "duration: 12.3 ms  plan:" followed by tab-indented continuation lines. */
function logPlans(lines: string[]): LogPlan[] {
  const out: LogPlan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /duration: ([\d.]+) ms\s+plan:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const body: string[] = m[2] ? [m[2]] : [];
    while (i + 1 < lines.length && /^\t/.test(lines[i + 1]!)) body.push(lines[++i]!.slice(1));
    out.push({ durationMs: Number(m[1]), body: body.join('\n') });
  }
  return out;
}

function parseJsonText(text: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    let line = 1 + lineOffset;
    let found = msg.replace(/^Unexpected /, '').replace(/ in JSON.*$/, '');
    if (pos) {
      const upto = text.slice(0, Number(pos[1]));
      line = upto.split('\n').length + lineOffset;
      found = Number(pos[1]) >= text.trimEnd().length ? 'the end of the input' : (text.slice(Number(pos[1]), Number(pos[1]) + 30).split('\n')[0] ?? '');
    } else if (/end of JSON|Unterminated/.test(msg)) {
      line = text.split('\n').length + lineOffset;
      found = 'the end of the input';
    }
    throw new PlanInputError('valid EXPLAIN (FORMAT JSON) output', line, found);
  }
}

function fromJson(text: string, lineOffset = 0): ExplainResult {
  const v = parseJsonText(text, lineOffset);
  try {
    return parsePlan(v);
  } catch {
    throw new PlanInputError('a JSON document with a "Plan" object (EXPLAIN (FORMAT JSON) output)', 1 + lineOffset, text.trim().slice(0, 40).split('\n')[0] ?? '');
  }
}

function fromText(lines: string[]): ExplainResult {
  const r = parsePlan(textPlanToJson(lines));
  const unknown = ['parent relationships (inferred from the tree)', 'per-worker figures'];
  if (!r.nodes.some((n) => n.output)) unknown.push('output columns (no VERBOSE: INCLUDE columns are not suggested)');
  return { ...r, unknown };
}

/** Reads a plan in any supported format. */
export function readPlan(input: string): ExplainResult {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  if (!text.trim()) throw new PlanInputError('an EXPLAIN plan (JSON, text, psql output or auto_explain log lines)', 1, 'an empty input');
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') return { ...fromJson(text), format: 'json' };
  const framed = unframe(lines);
  if (framed) {
    const head = lines.findIndex((l) => /^\s*QUERY PLAN\s*$/.test(l)) + 2;
    const joined = framed.join('\n');
    if (/^\s*[[{]/.test(joined)) return { ...fromJson(joined, head), format: 'psql-json' };
    return { ...fromText(framed), format: 'psql-text' };
  }
  const logged = logPlans(lines);
  if (logged.length) {
    // The slowest statement of the log is the one worth reading first.
    const pick = logged.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    const body = pick.body.trim();
    let r: ExplainResult;
    if (body.startsWith('{') || body.startsWith('[')) r = { ...fromJson(body), format: 'auto_explain-json' };
    else r = { ...fromText(pick.body.split('\n').filter((l) => !/^\s*Query Text:/.test(l))), format: 'auto_explain-text' };
    // auto_explain logs the duration, not an Execution Time.
    if (r.executionMs === null && r.analyzed) r = { ...r, executionMs: pick.durationMs, hot: hotNodes(r.nodes, !r.timingOff, pick.durationMs) };
    const more = logged.length > 1 ? [`the log holds ${logged.length} plans: this is the slowest (${pick.durationMs} ms)`] : [];
    return { ...r, unknown: [...(r.unknown ?? []), 'planning time (auto_explain does not log it)', ...more] };
  }
  return { ...fromText(lines), format: 'text' };
}

/**
 * The statement an input holds (auto_explain logs its "Query Text"), or null: EXPLAIN's own output
 * has none. A log with several plans gives none either: the plan shown is the slowest, and which
 * text goes with it is not worth guessing.
 */
export function statementText(input: string): string | null {
  const json = [...input.matchAll(/"Query Text":\s*("(?:[^"\\]|\\.)*")/g)];
  const text = [...input.matchAll(/^\s*Query Text:[ \t]*(.*)$/gm)];
  if (json.length + text.length !== 1) return null;
  try {
    const q = json.length ? (JSON.parse(json[0]![1]!) as string) : text[0]![1]!;
    return q.trim() || null;
  } catch {
    return null;
  }
}
