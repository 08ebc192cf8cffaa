/**
 * The one place an SQL identifier is spliced into a statement. Everything else travels as a bind
 * parameter; identifiers cannot (the schema that holds pg_stat_statements, a relation named in a
 * suggested CREATE INDEX), so they go through here.
 */

/** Double-quotes an identifier the way PostgreSQL's quote_ident() does when quoting is needed. */
export function quoteIdent(name: string): string {
  // A NUL cannot be part of an identifier; refusing it keeps the statement from being cut short.
  if (name.includes('\0')) throw new Error('identifier contains a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

// Words that must stay quoted even when lowercase (a subset of PostgreSQL's reserved keywords:
// those that cannot be a column or table name unquoted).
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when where window with'
  ).split(' '),
);

/**
 * An identifier as a person would type it: bare when PostgreSQL would read it back unchanged
 * (lowercase letters, digits, underscores, not a reserved word), double-quoted otherwise.
 * For text shown to the operator (suggested DDL); statements we run use {@link quoteIdent}.
 */
export function displayIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : quoteIdent(name);
}

/** The token in SQL files that is replaced by the quoted schema of pg_stat_statements and a dot. */
export const PGSS_SCHEMA_PLACEHOLDER = '/*@pgss_schema*/';

/**
 * Puts the schema that holds pg_stat_statements in front of every reference to its views. Without a
 * schema (the extension is not created in this database) the text is returned as it is, and the
 * views resolve through search_path — the SQL files stay runnable as written in psql.
 */
export function withPgssSchema(sql: string, schema: string | null | undefined): string {
  if (!schema) return sql;
  return sql.split(PGSS_SCHEMA_PLACEHOLDER).join(`${quoteIdent(schema)}.`);
}
