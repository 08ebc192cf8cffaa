/** Rows for the replication, vacuum and horizon panes, as their collectors return them. */
import type { CollectorResult, Snapshot } from '../../../src/data/collector';
import type { FkWithoutIndex, IndexHealth, TableBloat } from '../../../src/data/collectors/bloat';
import type { HorizonHolder } from '../../../src/data/collectors/horizon';
import type { Progress } from '../../../src/data/collectors/progress';
import type { RecoveryStatus, Slot, WalSender } from '../../../src/data/collectors/replication';
import type { TableVacuum, VacuumSettings } from '../../../src/data/collectors/vacuum';
import type { DatabaseAge, TableAge } from '../../../src/data/collectors/wraparound';
import { NOW_S, summary } from '../../component/fixtures';

export { NOW_S };

export function sender(name: string, p: Partial<WalSender> = {}): WalSender {
  return {
    key: `${name}@10.0.0.2`, pid: 4000, user: 'replicator', application: name, clientAddr: '10.0.0.2', clientHostname: null, clientPort: 50000,
    backendStart: NOW_S - 3600, backendXmin: null, backendXminAge: null, state: 'streaming', syncState: 'async', syncPriority: 0,
    currentLsn: '0/5000000', sentLsn: '0/5000000', writeLsn: '0/5000000', flushLsn: '0/5000000', replayLsn: '0/5000000',
    sentLagBytes: 0, writeLagBytes: 0, flushLagBytes: 0, replayLagBytes: 0, writeLagS: null, flushLagS: null, replayLagS: null,
    replyTime: NOW_S - 1, ...p,
  };
}

export function slot(name: string, p: Partial<Slot> = {}): Slot {
  return {
    name, type: 'physical', plugin: null, database: null, temporary: false, active: true, activePid: 4000, xmin: null, xminAge: null,
    catalogXmin: null, catalogXminAge: null, restartLsn: '0/5000000', confirmedFlushLsn: null, retainedBytes: 0, walStatus: 'reserved',
    safeWalSize: null, inactiveSince: null, invalidationReason: null, ...p,
  };
}

export const PRIMARY: RecoveryStatus = {
  inRecovery: false, now: NOW_S, receiveLsn: null, replayLsn: null, replayLagBytes: null, lastReplayTime: null, pauseState: null, receiver: null,
};

export function standby(p: Partial<RecoveryStatus> = {}): RecoveryStatus {
  return {
    inRecovery: true, now: NOW_S, receiveLsn: '0/6000000', replayLsn: '0/5000000', replayLagBytes: 16_777_216, lastReplayTime: NOW_S - 400,
    pauseState: 'paused',
    receiver: {
      pid: 77, status: 'streaming', senderHost: 'db1.example', senderPort: 5432, slot: 'standby_a', conninfo: 'user=replicator host=db1.example port=5432',
      writtenLsn: '0/6000000', flushedLsn: '0/6000000', latestEndLsn: '0/6000000', latestEndTime: NOW_S - 1, lastMsgReceiptTime: NOW_S - 2,
    },
    ...p,
  };
}

export function table(name: string, p: Partial<TableVacuum> = {}): TableVacuum {
  return {
    relid: 16000 + name.length, schema: 'public', name, relkind: 'r', liveTuples: 100_000, deadTuples: 5_000, modSinceAnalyze: 2_000,
    insSinceVacuum: 1_000, lastVacuum: null, lastAutovacuum: NOW_S - 7200, lastAnalyze: null, lastAutoanalyze: NOW_S - 3600, vacuumCount: 0,
    autovacuumCount: 4, analyzeCount: 0, autoanalyzeCount: 6, reltuples: 100_000, relpages: 1000, reloptions: null, autovacuumEnabled: true,
    vacBase: 50, vacScale: 0.2, vacThreshold: 20_050, insThreshold: 21_000, anlThreshold: 10_050, xidAge: 5000, mxidAge: 0, freezeMaxAge: 200_000_000, ...p,
  };
}

export function bloat(t: TableVacuum, p: Partial<TableBloat> = {}): TableBloat {
  return {
    relid: t.relid, schema: t.schema, name: t.name, locked: false, lockPid: null, lockGranted: false, statsHidden: false, fillfactor: 100, reltuples: t.reltuples, relpages: t.relpages, estRowBytes: 64,
    tableBytes: t.relpages * 8192, indexBytes: 2_000_000, toastBytes: 8192, totalBytes: t.relpages * 8192 + 2_008_192, bloatShare: 0.1,
    bloatBytes: t.relpages * 819.2, estimated: true, ...p,
  };
}

export function index(name: string, p: Partial<IndexHealth> = {}): IndexHealth {
  return {
    indexRelid: 20000 + name.length, relid: 16001, schema: 'public', table: 'orders', name, accessMethod: 'btree', unique: false, primary: false,
    valid: true, ready: true, constraintType: null, locked: false, scans: 100, tupRead: 1000, tupFetch: 900, relpages: 100, reltuples: 100_000,
    bytes: 819_200, definition: `CREATE INDEX ${name} ON public.orders USING btree (id)`, duplicates: [], bloatShare: 0.05, bloatBytes: 40_960, ...p,
  };
}

export const fk = (p: Partial<FkWithoutIndex> = {}): FkWithoutIndex => ({
  constraintOid: 30001, schema: 'public', table: 'order_lines', constraint: 'order_lines_order_id_fkey', columns: 'order_id',
  referencedTable: 'orders', tableBytes: 1_000_000, reltuples: 50_000, ...p,
});

export const progress = (p: Partial<Progress> = {}): Progress => ({
  key: '5555:VACUUM', pid: 5555, database: 'shop', relid: 16001, relation: 'orders', command: 'VACUUM', phase: 'scanning heap', done: 250,
  total: 1000, unit: 'blocks', indexVacuumCount: 0, deadItems: 1234, indexesTotal: null, indexesDone: null, autovacuum: true, started: NOW_S - 90,
  now: NOW_S, ...p,
});

export const settings = (p: Partial<VacuumSettings> = {}): VacuumSettings => ({
  autovacuum: true, trackCounts: true, maxWorkers: 3, naptimeS: 60, vacuumThreshold: 50, vacuumScaleFactor: 0.2, insertThreshold: 1000,
  insertScaleFactor: 0.2, analyzeThreshold: 50, analyzeScaleFactor: 0.1, freezeMaxAge: 200_000_000, mxidFreezeMaxAge: 400_000_000,
  costDelay: '2ms', costLimit: -1, workersRunning: 1, pgstattupleSchema: 'public', ...p,
});

export const dbAge = (database: string, xidAge: number): DatabaseAge => ({
  database, xidAge, mxidAge: 10, freezeMaxAge: 200_000_000, mxidFreezeMaxAge: 400_000_000, allowConnections: true,
});
export const tableAge = (name: string, xidAge: number): TableAge => ({
  relid: 17000 + name.length, schema: 'public', name, relkind: 'r', xidAge, mxidAge: 1, freezeMaxAge: 200_000_000, tableBytes: 8192,
});

export function holder(kind: HorizonHolder['kind'], name: string, p: Partial<HorizonHolder> = {}): HorizonHolder {
  return {
    key: `${kind}:${name}`, kind, pid: null, backendStart: null, name, user: null, database: null, state: null, xmin: '1000', xminAge: 500,
    since: null, detail: null, activityKey: null, ...p,
  };
}

const ok = (data: unknown): CollectorResult => ({ state: 'ok', data, at: NOW_S * 1000, ms: 1 });

/** A snapshot with the header's collectors and whatever results are given. */
export function paneSnapshot(results: Record<string, unknown>, seq = 1): Snapshot {
  const all: Record<string, CollectorResult> = {
    summary: ok(summary()),
    dbsize: ok({ database: 'postgres', bytes: 1 }),
    replication: ok([]),
    recovery: ok(PRIMARY),
    slots: ok([]),
  };
  for (const [k, v] of Object.entries(results)) all[k] = v && typeof v === 'object' && 'state' in (v as object) ? (v as CollectorResult) : ok(v);
  return { seq, takenAt: NOW_S * 1000, tickMs: 5, results: all };
}
