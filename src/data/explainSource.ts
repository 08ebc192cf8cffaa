/**
 * Where a statement to EXPLAIN comes from: a backend's query, a pg_stat_statements entry, or a
 * plan read from a file. Below explain/ and actions/ so that both (the explain service, the
 * confirmation of EXPLAIN ANALYZE) can name it. Texts are raw (untrusted); sanitized for display only.
 */
export type ExplainSource =
  | { kind: 'backend'; pid: number; database: string | null; user: string | null; query: string | null }
  | { kind: 'statement'; queryId: string | null; database: string | null; user: string | null; query: string | null }
  /** A plan read from a file or stdin (`pgwarden explain --file`): no server to run anything on. */
  | { kind: 'file'; name: string; database: null; user: string | null; query: string | null };
