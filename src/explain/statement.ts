/**
 * What a statement is, before we EXPLAIN it: how many statements the text holds, how many $n
 * parameters it has, and whether running it (EXPLAIN ANALYZE runs it) could write or lock.
 *
 * The scan skips what SQL's lexer skips — comments (nested /* *\/ too), '…' strings with '' and
 * E'\…' escapes, "…" identifiers, $tag$…$tag$ bodies — so a keyword inside a string does not count.
 * The write decision is conservative on purpose: anything that is not plainly a read is treated
 * as one that may write, and the server is also asked to enforce read-only for the plain reads.
 */

export interface StatementScan {
  /** Non-empty statements separated by top-level semicolons. */
  statements: number;
  /** Highest $n placeholder (0 when none): a normalized or prepared statement's parameters. */
  params: number;
  /** First keyword, upper-case ('' for an empty text). */
  first: string;
  /** Every keyword-like word outside strings, comments and quoted identifiers, upper-case. */
  words: string[];
  /** Words directly followed by "(" : function calls (and a few keywords such as IN, ANY). */
  calls: string[];
}

/** Tokenizes enough of SQL to find words, calls, parameters and statement boundaries. */
export function scanSql(text: string): StatementScan {
  const words: string[] = [];
  const calls: string[] = [];
  let params = 0;
  let statements = 0;
  let current = false; // the current statement has a token
  let first = '';
  const n = text.length;
  let i = 0;
  const isWordStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
  const isWord = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
  while (i < n) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') (depth++, (i += 2));
        else if (text[i] === '*' && text[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
      continue;
    }
    if (c === ';') {
      if (current) statements++;
      current = false;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    current = true;
    if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '$') {
      const p = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (p) {
        params = Math.max(params, Number(p[1]));
        i += p[0].length;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
        continue;
      }
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWord(text[j]!)) j++;
      const w = text.slice(i, j).toUpperCase();
      words.push(w);
      if (!first) first = w;
      let k = j;
      while (k < n && /\s/.test(text[k]!)) k++;
      if (text[k] === '(') calls.push(w);
      i = j;
      continue;
    }
    i++;
  }
  if (current) statements++;
  return { statements, params, first, words, calls };
}

/** How much confirmation running the statement needs. */
export interface WriteRisk {
  /** May change data or take row/table locks while it runs. */
  writes: boolean;
  /** Why, in words an operator recognizes ("UPDATE", "SELECT … FOR UPDATE", "calls nextval()"). */
  reasons: string[];
  /** EXPLAIN accepts the statement at all (SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, TABLE, EXECUTE, WITH). */
  explainable: boolean;
}

const READ_FIRST = new Set(['SELECT', 'VALUES', 'TABLE', 'WITH']);
const WRITE_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
const EXPLAINABLE = new Set(['SELECT', 'VALUES', 'TABLE', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'EXECUTE']);

/**
 * Functions known not to write: aggregates, operators' functions, formatting. Anything else may be
 * a volatile user function that writes (or calls dblink), so it needs the write confirmation.
 */
const SAFE_CALLS = new Set(
  (
    'COUNT SUM MIN MAX AVG STDDEV VARIANCE ARRAY_AGG STRING_AGG JSON_AGG JSONB_AGG BOOL_AND BOOL_OR EVERY BIT_AND BIT_OR ' +
    'COALESCE NULLIF GREATEST LEAST LOWER UPPER LENGTH CHAR_LENGTH SUBSTR SUBSTRING TRIM BTRIM LTRIM RTRIM REPLACE CONCAT CONCAT_WS ' +
    'LEFT RIGHT POSITION STRPOS SPLIT_PART REGEXP_REPLACE REGEXP_MATCH REGEXP_MATCHES TO_CHAR TO_DATE TO_TIMESTAMP TO_NUMBER FORMAT ' +
    'NOW CURRENT_DATE CURRENT_TIMESTAMP CLOCK_TIMESTAMP STATEMENT_TIMESTAMP DATE_TRUNC DATE_PART EXTRACT AGE MAKE_INTERVAL ' +
    'ABS ROUND TRUNC CEIL CEILING FLOOR MOD POWER SQRT LN LOG EXP RANDOM ' +
    'CAST IN ANY ALL EXISTS ARRAY ROW VALUES OVER FILTER WITHIN PARTITION ROW_NUMBER RANK DENSE_RANK LAG LEAD FIRST_VALUE LAST_VALUE NTILE ' +
    'JSON_BUILD_OBJECT JSONB_BUILD_OBJECT JSON_BUILD_ARRAY JSONB_BUILD_ARRAY TO_JSON TO_JSONB JSONB_SET JSON_EXTRACT_PATH_TEXT ' +
    'UNNEST GENERATE_SERIES ARRAY_LENGTH CARDINALITY ARRAY_POSITION MD5 ENCODE DECODE INTERVAL TIMESTAMP DATE TIME NUMERIC DECIMAL VARCHAR CHAR ' +
    'AS ON USING FROM WHERE JOIN SELECT AND OR NOT'
  ).split(' '),
);

/** Decides, conservatively, whether EXPLAIN ANALYZE of this statement could write or lock. */
export function writeRisk(text: string): WriteRisk {
  const s = scanSql(text);
  const reasons: string[] = [];
  if (s.statements !== 1) reasons.push(s.statements === 0 ? 'empty statement' : `${s.statements} statements in one text`);
  if (!READ_FIRST.has(s.first) && s.first) reasons.push(s.first);
  for (const w of new Set(s.words)) if (WRITE_WORDS.has(w) && s.first !== w) reasons.push(`${w} inside the statement`);
  // SELECT … FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / FOR KEY SHARE lock rows (they write xmax).
  for (let i = 0; i < s.words.length - 1; i++) {
    if (s.words[i] === 'FOR' && ['UPDATE', 'SHARE', 'NO', 'KEY'].includes(s.words[i + 1]!)) {
      reasons.push('SELECT … FOR UPDATE/SHARE (row locks)');
      break;
    }
  }
  if (s.first === 'SELECT' && s.words.includes('INTO')) reasons.push('SELECT … INTO (creates a table)');
  const unknownCalls = [...new Set(s.calls.filter((c) => !SAFE_CALLS.has(c)))];
  if (unknownCalls.length) reasons.push(`calls ${unknownCalls.slice(0, 4).map((c) => `${c.toLowerCase()}()`).join(', ')}${unknownCalls.length > 4 ? ', …' : ''}`);
  return {
    writes: reasons.length > 0,
    reasons: [...new Set(reasons)],
    explainable: s.statements === 1 && EXPLAINABLE.has(s.first),
  };
}

/** Whether a pg_stat_activity text was cut at track_activity_query_size (measured in bytes). */
export function isTruncated(query: string, trackActivityQuerySize: number): boolean {
  // The server keeps at most size - 1 bytes (the last one is the terminator).
  return Buffer.byteLength(query, 'utf8') >= trackActivityQuerySize - 1;
}

/** Splits SQL into code and the parts the lexer does not look into (strings, comments, quoted names). */
function segments(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  let i = 0;
  let start = 0;
  const push = (end: number, code: boolean) => {
    if (end > start) out.push({ code, text: text.slice(start, end) });
    start = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    let end = -1;
    if (c === '-' && text[i + 1] === '-') {
      end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text.startsWith('/*', j)) (depth++, (j += 2));
        else if (text.startsWith('*/', j)) (depth--, (j += 2));
        else j++;
      }
      end = j;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      const escapes = c === "'" && (text[i - 1] === 'E' || text[i - 1] === 'e');
      while (j < text.length) {
        if (escapes && text[j] === '\\') j += 2;
        else if (text[j] === c && text[j + 1] === c) j += 2;
        else if (text[j] === c) break;
        else j++;
      }
      end = j + 1;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        end = close < 0 ? text.length : close + tag[0].length;
      }
    }
    if (end < 0) {
      i++;
      continue;
    }
    push(i, true);
    i = Math.min(end, text.length);
    push(i, false);
  }
  push(text.length, true);
  return out;
}

const TYPED_LITERAL = /\b(interval|timestamptz|timestamp(?:\s+with(?:out)?\s+time\s+zone)?|date|timetz|time(?:\s+with(?:out)?\s+time\s+zone)?|numeric|bigint|int[248]?|integer|text|boolean|uuid|jsonb?|inet|cidr|bytea)\s+(\$\d+)\b/gi;

/**
 * pg_stat_statements replaces the string of a typed literal (`interval '30 days'`) with a
 * parameter, giving `interval $2`, which is not valid SQL. The cast form `$2::interval` means the
 * same and parses. Only code is rewritten, never strings or comments.
 */
export function castTypedParams(text: string): string {
  return segments(text)
    .map((s) => (s.code ? s.text.replace(TYPED_LITERAL, (_m, type: string, p: string) => `${p}::${type.replace(/\s+/g, ' ')}`) : s.text))
    .join('');
}
