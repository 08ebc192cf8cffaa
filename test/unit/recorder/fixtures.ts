import type { Snapshot } from '../../../src/data/collector';
import type { Capabilities } from '../../../src/data/server';
import type { RecordingHeader } from '../../../src/recorder/format';

export const CAPS: Capabilities = {
  major: 18, versionNum: 180000, version: 'PostgreSQL 18.0', startedAt: 1_700_000_000, inRecovery: false, currentUser: 'postgres', database: 'postgres',
  isSuperuser: true, readAllStats: true, signalBackend: true, maxConnections: 100, reservedConnections: 3, trackActivityQuerySize: 1024, blockSize: 8192,
  sharedPreloadLibraries: ['pg_stat_statements'], serverEncoding: 'UTF8', pgssSchema: 'public', pgssVersion: '1.11',
};

export const HEADER: Omit<RecordingHeader, 'format'> = {
  pgwarden: '0.1.0', startedAt: 1_765_000_000_000, intervalMs: 1000, caps: CAPS, server: 'localhost:5432/postgres', normalizedQueries: false, collectors: ['activity'],
};

/** A snapshot of `n` backends at second `i`: a few change state each second, one leaves and one arrives now and then. */
export function fakeSnapshot(i: number, n = 50): Snapshot {
  const t = HEADER.startedAt + i * 1000;
  const backends = Array.from({ length: n }, (_, k) => {
    const pid = 1000 + k + (k === 7 ? Math.floor(i / 10) * 1000 : 0);
    const busy = (k + i) % 9 === 0;
    return { key: `${pid}:${1_765_000_000 + k}`, pid, state: busy ? 'active' : 'idle', query: busy ? `SELECT * FROM t WHERE id = ${i * 100 + k}` : `SELECT 'x' || ${k}`, waitEvent: null, xactStart: busy ? t / 1000 : null };
  });
  return {
    seq: i + 1,
    takenAt: t,
    tickMs: 3 + (i % 4),
    results: {
      activity: { state: 'ok', data: backends, at: t, ms: 2 },
      summary: { state: 'ok', data: { xacts: 1000 + i * 17, active: backends.filter((b) => b.state === 'active').length }, at: t, ms: 1 },
      locks: { state: 'failed', failure: { kind: 'privilege', message: 'permission denied' }, disabled: true },
    },
  };
}
