/**
 * pgwarden's own statements, recognisable in pg_stat_statements. The view has userid, dbid and
 * queryid but no application_name, so every statement pgwarden sends carries this comment right
 * after its first keyword (`SELECT /* pgwarden *\/ …`): pg_stat_statements keeps comments inside a
 * statement, while those before it (the leading `--` notes of our .sql files) are kept by 13 and dropped by 18. The
 * statements pane, the snapshot and the checklists leave those entries out: about fifty
 * monitoring queries would otherwise fill them.
 */
export const OWN_SQL_MARK = '/* pgwarden */';

// Leading whitespace and comments, then the first keyword.
const HEAD = /^(\s*(?:--[^\n]*(?:\n|$)\s*|\/\*[\s\S]*?\*\/\s*)*)([A-Za-z_]+)/;

/** The statement text as pgwarden sends it. */
export function markOwn(text: string): string {
  const m = HEAD.exec(text);
  if (!m) return text;
  const at = m[1]!.length + m[2]!.length;
  if (text.startsWith(` ${OWN_SQL_MARK}`, at)) return text;
  return `${text.slice(0, at)} ${OWN_SQL_MARK}${text.slice(at)}`;
}

/**
 * Whether a pg_stat_statements entry was sent by pgwarden: the mark after the first keyword, and
 * run by pgwarden's role (another role writing the comment must not hide its statements).
 */
export function isOwnStatement(query: string | null | undefined, user: string | null, ownUser: string | undefined): boolean {
  if (query == null || (ownUser !== undefined && user !== ownUser)) return false;
  // PostgreSQL 13 keeps the comments before the statement in the text; 18 drops them.
  const m = HEAD.exec(query);
  return m !== null && query.startsWith(` ${OWN_SQL_MARK}`, m[0].length);
}
