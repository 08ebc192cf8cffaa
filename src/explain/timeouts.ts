/** How long an EXPLAIN ANALYZE may run (statement_timeout), in its own module: the connection plans need it at every start, the explain runner only when planning. */
export const ANALYZE_TIMEOUT_MS = 30_000;
