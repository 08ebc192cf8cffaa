/**
 * A minimal PostgreSQL wire client that sends a query's bytes exactly as given. node-postgres
 * encodes every query string as UTF-8, so it cannot send what a client with client_encoding
 * SQL_ASCII (or a broken driver) can: bytes that are not valid UTF-8, such as `caf\xe9` in Latin-1.
 * Unix socket, trust authentication (the lab's pg_hba.conf), simple query protocol.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { Endpoint } from './types';

export interface RawSession {
  /** Sends one simple query and resolves when the server is ready again; rejects on an ErrorResponse. */
  query(bytes: Buffer): Promise<void>;
  /** Sends the query and does not wait (a long statement that should stay running). */
  send(bytes: Buffer): void;
  pid: number;
  close(): void;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function startup(params: Record<string, string>): Buffer {
  const parts = Object.entries(params).flatMap(([k, v]) => [Buffer.from(k + '\0'), Buffer.from(v + '\0')]);
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), ...parts, Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([len, body]);
}

/** Opens a session on `db` as `user` with client_encoding SQL_ASCII (the server converts nothing). */
export async function rawSession(endpoint: Endpoint, db: string, opts: { user?: string; appName?: string } = {}): Promise<RawSession> {
  const sock: Socket = netConnect(`${endpoint.host}/.s.PGSQL.${endpoint.port}`);
  let buf = Buffer.alloc(0);
  let waiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let error: string | undefined;
  let pid = 0;
  const ready = new Promise<void>((resolve, reject) => (waiter = { resolve, reject }));
  sock.on('error', (e) => waiter?.reject(e));
  sock.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 5) {
      const len = buf.readInt32BE(1);
      if (buf.length < len + 1) break;
      const type = String.fromCharCode(buf[0]!);
      const body = buf.subarray(5, len + 1);
      buf = buf.subarray(len + 1);
      if (type === 'K') pid = body.readInt32BE(0);
      if (type === 'E') error = body.toString('latin1').split('\0').find((f) => f.startsWith('M'))?.slice(1) ?? 'error';
      if (type === 'R' && body.readInt32BE(0) !== 0) waiter?.reject(new Error('the lab asked for a password'));
      if (type === 'Z') {
        const w = waiter;
        waiter = undefined;
        if (error) w?.reject(new Error(error));
        else w?.resolve();
        error = undefined;
      }
    }
  });
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  sock.write(startup({ user: opts.user ?? 'postgres', database: db, client_encoding: 'SQL_ASCII', application_name: opts.appName ?? 'pgwarden-raw' }));
  await ready;
  return {
    pid,
    query: (bytes) =>
      new Promise<void>((resolve, reject) => {
        waiter = { resolve, reject };
        sock.write(message('Q', Buffer.concat([bytes, Buffer.from([0])])));
      }),
    send: (bytes) => {
      waiter = { resolve: () => undefined, reject: () => undefined };
      sock.write(message('Q', Buffer.concat([bytes, Buffer.from([0])])));
    },
    close: () => {
      sock.end(message('X', Buffer.alloc(0)));
    },
  };
}
