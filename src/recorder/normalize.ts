/**
 * Query text with its constants taken out, for recordings that leave the bastion: a literal in a
 * query can be a customer's e-mail address, a token or a password (`ALTER ROLE … PASSWORD '…'`,
 * which pg_stat_statements does not normalize either, being a utility statement).
 *
 * String literals ('…', E'…', U&'…', B'…', X'…', $tag$…$tag$) and numbers become `$n`, numbered
 * after the highest parameter the text already has, as pg_stat_statements numbers them; comments
 * are dropped (they can carry anything). Identifiers, quoted ones included, and `$1` parameters
 * stay. A text cut short by track_activity_query_size inside a literal loses the rest of it.
 */

const IDENT_CHAR = /[\p{L}\p{N}_$]/u;

/** `text` with its literals replaced by `$n` and its comments removed. */
export function normalizeQuery(text: string): string {
  let next = 1 + Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  let out = '';
  let i = 0;
  const n = text.length;
  const param = (): void => {
    out += `$${next++}`;
  };
  /** Index just past a quoted run starting at `i` (the opening quote), `''` doubling the quote. */
  const quoted = (start: number, q: string, backslash: boolean): number => {
    let j = start + 1;
    while (j < n) {
      const c = text[j]!;
      if (backslash && c === '\\') j += 2;
      else if (c === q) {
        if (text[j + 1] === q) j += 2;
        else return j + 1;
      } else j++;
    }
    return n;
  };
  while (i < n) {
    const c = text[i]!;
    const prev = i > 0 ? text[i - 1]! : '';
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      let j = i;
      while (j < n) {
        if (text[j] === '/' && text[j + 1] === '*') (depth++, (j += 2));
        else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      i = j;
      out += ' ';
      continue;
    }
    if (c === '"') {
      const end = quoted(i, '"', false);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === "'") {
      // E'…' takes backslash escapes; a prefix letter (E, B, X, N, U&) belongs to the literal.
      const prefix = /(?:^|[^\p{L}\p{N}_$])(U&|[EeBbXxNn])$/u.exec(text.slice(Math.max(0, i - 3), i));
      if (prefix) out = out.slice(0, out.length - prefix[1]!.length);
      i = quoted(i, "'", Boolean(prefix && /^[Ee]$/.test(prefix[1]!)));
      param();
      continue;
    }
    if (c === '$' && !IDENT_CHAR.test(prev)) {
      const tag = /^\$([\p{L}_][\p{L}\p{N}_]*)?\$/u.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
        param();
        continue;
      }
      const p = /^\$\d+/.exec(text.slice(i));
      if (p) {
        out += p[0];
        i += p[0].length;
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      if (!IDENT_CHAR.test(prev)) {
        const num = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/.exec(text.slice(i))!;
        i += num[0].length;
        param();
        continue;
      }
    }
    out += c;
    i++;
  }
  return out.replace(/[ \t]+$/gm, '');
}

/** Every string field named `query` in a JSON value, normalized (a copy; the input is left as it is). */
export function normalizeQueries<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => normalizeQueries(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'query' && typeof v === 'string' ? normalizeQuery(v) : normalizeQueries(v);
  return out as T;
}
