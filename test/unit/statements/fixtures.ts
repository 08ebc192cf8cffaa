import { statementKey, type Statement } from '../../../src/data/collectors/statements';

/** A pg_stat_statements entry with its key, for rate and problem tests. */
export function statement(queryId: string, p: Partial<Statement> = {}): Statement {
  const base: Statement = {
    key: '', queryId, userId: 10, dbId: 5, toplevel: true, database: 'shop', user: 'app', query: 'q', own: false, calls: 100, totalExecMs: 1000, minExecMs: 1,
    maxExecMs: 5, meanExecMs: 10, stddevExecMs: 1, plans: 0, totalPlanMs: 0, rows: 100, sharedHit: 90, sharedRead: 10, sharedDirtied: 0,
    sharedWritten: 0, localHit: 0, localRead: 0, localWritten: 0, tempRead: 0, tempWritten: 0, sharedReadMs: 0, sharedWriteMs: 0, localReadMs: null,
    localWriteMs: null, tempReadMs: null, tempWriteMs: null, walRecords: 0, walFpi: 0, walBytes: 0, walBuffersFull: null, jitFunctions: null,
    jitMs: null, parallelToLaunch: null, parallelLaunched: null, statsSince: null, minmaxStatsSince: null, ...p,
  };
  return { ...base, key: statementKey(base.queryId, base.dbId, base.userId, base.toplevel) };
}
