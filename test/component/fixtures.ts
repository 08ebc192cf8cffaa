import type { Snapshot } from '../../src/data/collector';
import type { Backend } from '../../src/data/collectors/activity';
import type { Summary } from '../../src/data/collectors/summary';
import type { Capabilities } from '../../src/data/server';

export const NOW_S = 1_700_000_000;

export const caps: Capabilities = {
  major: 17, versionNum: 170004, version: '17.4', startedAt: NOW_S - 3 * 86400, inRecovery: false, currentUser: 'postgres', database: 'postgres',
  isSuperuser: true, readAllStats: true, signalBackend: true, maxConnections: 100, reservedConnections: 3, trackActivityQuerySize: 1024,
  blockSize: 8192, sharedPreloadLibraries: ['pg_stat_statements'], serverEncoding: 'UTF8', pgssSchema: 'public', pgssVersion: '1.11',
};

export function backend(pid: number, p: Partial<Backend> = {}): Backend {
  return {
    key: `${pid}:${NOW_S - 100}`, pid, backendStart: NOW_S - 100, database: 'shop', user: 'app', application: 'web', clientAddr: '10.1.2.3',
    clientHostname: null, clientPort: 40000, backendType: 'client backend', state: 'active', waitEventType: null, waitEvent: null,
    xactStart: NOW_S - 10, queryStart: NOW_S - 5, stateChange: NOW_S - 5, backendXid: null, backendXmin: null, xminAge: null,
    leaderPid: null, queryId: null, blockedBy: null, query: `select ${pid}`, partial: false, ...p,
  };
}

export function summary(p: Partial<Summary> = {}): Summary {
  return {
    takenAt: NOW_S, inRecovery: false, clientTotal: 12, active: 3, idle: 7, idleInXact: 2, otherState: 0, lockWaiting: 0, background: 5,
    longestXactS: 65, oldestXminAge: 1234, xacts: 1000, blksHit: 990, blksRead: 10, statsReset: null, ...p,
  };
}

export function snapshot(backends: Backend[], seq = 1, sum: Summary = summary()): Snapshot {
  return {
    seq,
    takenAt: NOW_S * 1000,
    tickMs: 12,
    results: {
      summary: { state: 'ok', data: sum, at: NOW_S * 1000, ms: 1 },
      dbsize: { state: 'ok', data: { database: 'postgres', bytes: 123456789 }, at: NOW_S * 1000, ms: 1 },
      activity: { state: 'ok', data: backends, at: NOW_S * 1000, ms: 5 },
    },
  };
}
