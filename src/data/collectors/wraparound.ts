/**
 * Transaction ID wraparound: the age of every database's datfrozenxid and of the connected
 * database's oldest tables, against the age at which autovacuum forces a freeze.
 */
import type { Collector } from '../collector';

/** The server refuses new XIDs about 2^31 - 3M past the oldest frozen XID. */
export const XID_STOP_AGE = 2 ** 31 - 3_000_000;

export interface DatabaseAge {
  database: string;
  xidAge: number;
  mxidAge: number;
  freezeMaxAge: number;
  mxidFreezeMaxAge: number;
  allowConnections: boolean;
}

export interface TableAge {
  relid: number;
  schema: string;
  name: string;
  relkind: string;
  xidAge: number;
  mxidAge: number;
  freezeMaxAge: number;
  tableBytes: number;
}

export const wraparoundCollector: Collector<DatabaseAge[]> = {
  id: 'wraparound',
  query: 'wraparound',
  everyMs: 30_000,
  parse: (rows) =>
    rows.map((r) => ({
      database: String(r.database ?? ''),
      xidAge: Number(r.xid_age ?? 0),
      mxidAge: Number(r.mxid_age ?? 0),
      freezeMaxAge: Number(r.freeze_max_age ?? 200_000_000),
      mxidFreezeMaxAge: Number(r.mxid_freeze_max_age ?? 400_000_000),
      allowConnections: r.allow_connections !== false,
    })),
};

/** How many of the oldest tables are listed. */
export const OLDEST_TABLES = 20;

export const wraparoundTablesCollector: Collector<TableAge[]> = {
  id: 'wraparound_tables',
  query: 'wraparound_tables',
  everyMs: 30_000,
  params: () => [OLDEST_TABLES],
  parse: (rows) =>
    rows.map((r) => ({
      relid: Number(r.relid),
      schema: String(r.schema ?? ''),
      name: String(r.name ?? ''),
      relkind: String(r.relkind ?? 'r'),
      xidAge: Number(r.xid_age ?? 0),
      mxidAge: Number(r.mxid_age ?? 0),
      freezeMaxAge: Number(r.freeze_max_age ?? 200_000_000),
      tableBytes: Number(r.table_bytes ?? 0),
    })),
};
