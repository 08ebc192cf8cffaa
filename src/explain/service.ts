/**
 * EXPLAIN as the rest of pgwarden asks for it: "this backend's query" or "this pg_stat_statements
 * entry", with or without ANALYZE. Checks what can be checked before connecting (a truncated
 * text, a hidden one, no database), then opens a short-lived connection to the statement's own
 * database, built from the given session's connection settings.
 */
import { pgssSql } from '../data/collectors/statements';
import type { QueryResult, Session } from '../data/db';
import { classify } from '../data/errors';
import type { Capabilities } from '../data/server';
import { sqlFor } from '../data/sql/registry';
import { runExplain, type ExplainOutcome } from './runner';
import { isTruncated } from './statement';

import type { ExplainSource } from '../data/explainSource';

/** Where the statement comes from (data/explainSource.ts). */
export type { ExplainSource };

export interface ExplainRequest {
  source: ExplainSource;
  analyze: boolean;
  /** Second confirmation given: the statement may write or lock. */
  allowWrites: boolean;
  /**
   * The operator accepted planning (or running) it with pgwarden's own rights, after an outcome
   * `confirm-rights` said why the author's rights could not be taken and what that risks.
   */
  asSelf?: boolean;
}

/** What a screen calls; the app provides one built on its action session. */
export interface ExplainService {
  run(req: ExplainRequest): Promise<ExplainOutcome>;
}

/** Why a plan read from a file cannot be planned again or run: there is no server. */
export const NO_SERVER_REASON = 'no connection: EXPLAIN ANALYZE needs a server (this plan was read from a file)';

/** A short title for the source: "pid 4242 in shop" / "queryid -12345 in shop". */
export function sourceTitle(s: ExplainSource): string {
  const where = s.database ? ` in ${s.database}` : '';
  if (s.kind === 'file') return `from ${s.name}`;
  return s.kind === 'backend' ? `pid ${s.pid}${where}` : `queryid ${s.queryId ?? '?'}${where}`;
}

/** Why this source cannot be explained at all, or undefined. */
export function sourceProblem(s: ExplainSource, caps: Pick<Capabilities, 'trackActivityQuerySize'>): string | undefined {
  if (s.kind === 'file') return NO_SERVER_REASON;
  const q = s.query;
  if (q == null || !q.trim()) return s.kind === 'backend' ? 'this backend has no query text to explain' : 'this entry has no query text (pg_stat_statements lost it or it is hidden)';
  if (q === '<insufficient privilege>' || (s.kind === 'statement' && s.queryId === null)) {
    return 'the text is hidden from this role - GRANT pg_read_all_stats (or pg_monitor) to see it';
  }
  if (!s.database) return 'the database of this statement is unknown (a background process, or a dropped database)';
  if (s.kind === 'backend' && isTruncated(q, caps.trackActivityQuerySize)) {
    return (
      `the text is truncated at track_activity_query_size (${caps.trackActivityQuerySize} bytes) and cannot be planned as it is - ` +
      'raise track_activity_query_size (it needs a restart), or explain the statement from the statements pane'
    );
  }
  return undefined;
}

/** Builds the service on a session whose connection settings the one-off connections reuse. */
export function createExplainService(session: Session, env: () => { caps: Capabilities | undefined; readOnly: boolean }): ExplainService {
  return {
    async run(req) {
      const { caps, readOnly } = env();
      if (!caps) return { ok: false, reason: 'refused', message: 'not connected' };
      const problem = sourceProblem(req.source, caps);
      if (problem) return { ok: false, reason: 'refused', message: problem };
      try {
        return await session.withDatabase(req.source.database!, (conn) =>
          runExplain(conn, req.source.query!, {
            major: caps.major,
            analyze: req.analyze,
            allowWrites: req.allowWrites,
            readOnly,
            inRecovery: caps.inRecovery,
            role: req.source.user,
            asSelf: req.asSelf === true,
            blockSize: caps.blockSize,
          }),
        );
      } catch (err) {
        const failure = classify(err);
        return { ok: false, reason: 'failed', message: `cannot connect to database "${req.source.database}": ${failure.message}`, failure };
      }
    },
  };
}

interface Queryable {
  query(text: string, params?: unknown[]): Promise<QueryResult>;
}

/** A backend's current statement, read from pg_stat_activity. */
export async function backendSource(db: Queryable, caps: Capabilities, pid: number): Promise<ExplainSource | undefined> {
  const res = await db.query(sqlFor('explain_backend', caps.major).text, [pid]);
  const r = res.rows[0];
  if (!r) return undefined;
  return { kind: 'backend', pid, database: r.database == null ? null : String(r.database), user: r.user == null ? null : String(r.user), query: r.query == null ? null : String(r.query) };
}

/**
 * pg_stat_statements entries for a queryid, busiest first (one queryid can exist in several
 * databases and for several roles).
 */
export async function statementSources(db: Queryable, caps: Capabilities, queryId: string): Promise<(ExplainSource & { calls: number })[]> {
  if (!/^-?\d{1,20}$/.test(queryId)) throw new Error(`not a queryid: ${queryId}`);
  const res = await db.query(pgssSql('explain_statement', caps), [queryId]);
  return res.rows.map((r) => ({
    kind: 'statement' as const,
    queryId: String(r.queryid),
    database: r.database == null ? null : String(r.database),
    user: r.user == null ? null : String(r.user),
    query: r.query == null ? null : String(r.query),
    calls: Number(r.calls),
  }));
}
