import type { BouncerConn, BouncerDatabase, BouncerPool, BouncerSnapshot } from '../../../src/data/pgbouncer/types';

export function pool(database: string, o: Partial<BouncerPool> = {}): BouncerPool {
  return { database, user: 'app', clActive: 0, clWaiting: 0, svActive: 0, svIdle: 0, svUsed: 0, svTested: 0, svLogin: 0, maxwaitS: 0, poolMode: 'transaction', ...o };
}

export function database(name: string, o: Partial<BouncerDatabase> = {}): BouncerDatabase {
  return { name, host: '10.0.0.5', port: 5432, database: name, poolSize: 20, reservePool: 0, poolMode: null, maxDbConnections: 0, currentConnections: 0, paused: false, disabled: false, ...o };
}

export function client(database: string, waitS: number, o: Partial<BouncerConn> = {}): BouncerConn {
  return { user: 'app', database, state: waitS > 0 ? 'waiting' : 'active', addr: '10.0.1.7', port: 40000, waitS, applicationName: 'web', ptr: `0x${Math.random().toString(16).slice(2)}`, ...o };
}

export function bouncerSnapshot(o: Partial<BouncerSnapshot> = {}): BouncerSnapshot {
  return {
    takenAt: 1_700_000_000_000,
    version: '1.18.0',
    pools: [],
    stats: [],
    databases: [database('pgbouncer', { poolSize: 2, host: null, port: 6432 })],
    clients: [],
    servers: [],
    config: { pool_mode: 'transaction', max_client_conn: '100', default_pool_size: '20' },
    ...o,
  };
}
