/**
 * An index suggestion from a scan's filter, as EXPLAIN VERBOSE prints it
 * (`((o.status = 'completed'::text) AND (o.created_at > '2024-12-01 00:00:00+00'::timestamptz))`).
 *
 * The rule a DBA would apply by hand: columns compared with a parameter or an expression, then
 * columns in a range comparison, become the index key (equality first, so a B-tree can seek on all
 * of them); conditions against a constant become the WHERE of a partial index, which is smaller
 * and only holds the rows the query wants. A condition with OR, or on an expression of a column,
 * gives no suggestion: guessing there does more harm than good.
 */
import { displayIdent } from '../data/sql/ident';

interface Conjunct {
  column: string;
  op: string;
  /** 'const': a literal (partial-index material); 'param': $n; 'expr': anything else. */
  value: 'const' | 'param' | 'expr';
  /** The condition as it would be written in CREATE INDEX … WHERE. */
  text: string;
}

/** Strips one pair of parentheses that wraps the whole string. */
function unwrap(s: string): string {
  let t = s.trim();
  for (;;) {
    if (!t.startsWith('(') || !t.endsWith(')')) return t;
    let depth = 0;
    let quoted = false;
    let closesEarly = false;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === "'") quoted = !quoted;
      if (quoted) continue;
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0 && i < t.length - 1) {
          closesEarly = true;
          break;
        }
      }
    }
    if (closesEarly) return t;
    t = t.slice(1, -1).trim();
  }
}

/** Splits at a top-level keyword (AND / OR), outside parentheses and string literals. */
function splitTop(s: string, word: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const sep = ` ${word} `;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const IDENT = String.raw`(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")`;
const COMPARISON = new RegExp(String.raw`^(?:${IDENT}\.)?(${IDENT})\s*(=|<>|!=|<=|>=|<|>)\s*(.+)$`, 's');
const NULL_TEST = new RegExp(String.raw`^(?:${IDENT}\.)?(${IDENT})\s+(IS NULL|IS NOT NULL)$`, 's');
const ANY_CONST = /^ANY\s*\(\s*'(?:[^']|'')*'::[\w\s[\]".]+\)$/;
const LITERAL = /^(?:'(?:[^']|'')*'(?:::[\w\s[\]".]+)?|-?\d+(?:\.\d+)?(?:::[\w\s]+)?|true|false)$/;
const PARAM = /^\$\d+(?:::[\w\s[\]".]+)?$/;

/** A literal as a person writes it: `'completed'::text` → `'completed'`, `'90'::numeric` → `90`. */
function tidyLiteral(v: string): string {
  const m = /^'(-?\d+(?:\.\d+)?)'::(?:numeric|integer|bigint|smallint|double precision|real)$/.exec(v);
  if (m) return m[1]!;
  return v.replace(/^('(?:[^']|'')*')::(?:text|character varying|varchar|bpchar)$/, '$1');
}

function unquote(id: string): string {
  return id.startsWith('"') ? id.slice(1, -1).replace(/""/g, '"') : id;
}

function conjunct(raw: string): Conjunct | null {
  const s = unwrap(raw);
  const nt = NULL_TEST.exec(s);
  if (nt) {
    const column = unquote(nt[1]!);
    return { column, op: nt[2]!, value: 'const', text: `${displayIdent(column)} ${nt[2]}` };
  }
  const m = COMPARISON.exec(s);
  if (!m) return null;
  const column = unquote(m[1]!);
  const op = m[2]!;
  const rhs = unwrap(m[3]!);
  const value = LITERAL.test(rhs) || (op === '=' && ANY_CONST.test(rhs)) ? 'const' : PARAM.test(rhs) ? 'param' : 'expr';
  // `= ANY ('{…}')` is an IN list: an equality for the key too.
  return { column, op, value, text: `${displayIdent(column)} ${op} ${value === 'const' ? tidyLiteral(rhs) : rhs}` };
}

const RANGE = new Set(['<', '<=', '>', '>=']);

/** The parts of a suggestion, for tests and for wording the flag. */
export interface IndexSuggestion {
  keys: string[];
  where: string[];
  ddl: string;
  /**
   * When constant equalities went into the partial index's WHERE: the plain composite index with
   * them as leading keys, for when other values are queried too.
   */
  composite: string | null;
  compositeKeys: string[] | null;
}

/** Every top-level AND part, through nested parentheses: "(a) AND ((b) AND (c))" → a, b, c. */
function flatAnd(s: string): string[] {
  const body = unwrap(s);
  const parts = splitTop(body, 'AND');
  if (parts.length === 1) return [body];
  return parts.flatMap(flatAnd);
}

export interface IndexShape {
  /** Columns the query also reads from the relation: INCLUDE makes the scan index-only. */
  include?: string[];
  /** Key columns to place after the equalities (an existing index's columns, a sort order). */
  then?: string[];
}

/**
 * `CREATE INDEX CONCURRENTLY …` for a scan with this filter on this relation, or null when the
 * filter is not a plain AND of column comparisons. CONCURRENTLY: building it must not block writes.
 */
export function suggestIndex(filter: string | null, relation: string | null, schema: string | null, shape: IndexShape = {}): IndexSuggestion | null {
  if (!filter || !relation) return null;
  const body = unwrap(filter);
  if (splitTop(body, 'OR').length > 1) return null;
  const parts = flatAnd(body).map(conjunct);
  if (!parts.length || parts.some((p) => p === null)) return null;
  const conds = parts as Conjunct[];
  const eqKeys = conds.filter((c) => c.op === '=' && c.value !== 'const');
  const rangeKeys = conds.filter((c) => RANGE.has(c.op));
  const constPreds = conds.filter((c) => c.value === 'const' && !RANGE.has(c.op));
  let keys: string[];
  let where: string[];
  const then = shape.then ?? [];
  if (eqKeys.length || rangeKeys.length) {
    keys = [...eqKeys.map((c) => c.column), ...then, ...rangeKeys.map((c) => c.column)];
    // IS NOT NULL on a key column is implied by the lookups: no partial index for it.
    where = constPreds.filter((c) => !(c.op === 'IS NOT NULL' && keys.includes(c.column))).map((c) => c.text);
  } else {
    // Only constant conditions: index what they compare (a partial index on its own key is pointless).
    keys = constPreds.filter((c) => c.op === '=').map((c) => c.column);
    if (!keys.length) keys = constPreds.map((c) => c.column);
    where = constPreds.filter((c) => c.op !== '=').map((c) => c.text);
  }
  keys = [...new Set(keys)];
  if (!keys.length) return null;
  where = where.filter((w, i) => where.indexOf(w) === i);
  const target = schema && schema !== 'public' ? `${displayIdent(schema)}.${displayIdent(relation)}` : displayIdent(relation);
  // Columns of the partial index's WHERE need not ride along: the predicate implies them.
  const whereCols = new Set(constPreds.filter((c) => where.includes(c.text)).map((c) => c.column));
  const include = (shape.include ?? []).filter((c) => !keys.includes(c) && !whereCols.has(c));
  const inc = include.length ? ` INCLUDE (${include.map(displayIdent).join(', ')})` : '';
  const ddl = `CREATE INDEX CONCURRENTLY ON ${target} (${keys.map(displayIdent).join(', ')})${inc}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  const constEq = [...new Set(constPreds.filter((c) => c.op === '=' && c.value === 'const').map((c) => c.column))].filter((c) => !keys.includes(c));
  const compositeKeys = [...constEq, ...keys];
  const composite =
    constEq.length && where.length
      ? `CREATE INDEX CONCURRENTLY ON ${target} (${compositeKeys.map(displayIdent).join(', ')})${include.length ? ` INCLUDE (${include.map(displayIdent).join(', ')})` : ''}`
      : null;
  return { keys, where, ddl, composite, compositeKeys: composite ? compositeKeys : null };
}

const LIKE_INFIX = new RegExp(String.raw`(?:^|[(\s])(?:${IDENT}\.)?(${IDENT})\s+(~~\*?|LIKE|ILIKE)\s+'%`, 'i');

/** The column of a `LIKE '%x…'` (EXPLAIN: `~~ '%x%'::text`) in a filter: a B-tree cannot help, a trigram index can. */
export function likeInfixColumn(filter: string | null): string | null {
  if (!filter) return null;
  const m = LIKE_INFIX.exec(filter);
  return m ? unquote(m[1]!) : null;
}

/** A column reference of a VERBOSE Output list ("o.user_id" → user_id), or null for an expression. */
export function outputColumn(expr: string): string | null {
  const m = new RegExp(String.raw`^(?:${IDENT}\.)?(${IDENT})$`).exec(expr.trim());
  return m ? unquote(m[1]!) : null;
}

/** Columns a filter compares (for CREATE STATISTICS on correlated columns); empty when unparsable. */
export function filterColumns(filter: string | null): string[] {
  if (!filter) return [];
  const body = unwrap(filter);
  if (splitTop(body, 'OR').length > 1) return [];
  const cols = flatAnd(body)
    .map(conjunct)
    .filter((c): c is Conjunct => c !== null)
    .map((c) => c.column);
  return [...new Set(cols)];
}
