/**
 * The monitor's polling statements read through a {@link RowMemory}: a row whose bytes are the
 * same as last refresh's is given back as last refresh's values without being decoded. Only the
 * polling session's connections get the parser below, and it does anything only while one of
 * those statements runs (armed by its query's submit, when the connection is idle); every other
 * statement (EXPLAIN, actions, checklists) is read by node-postgres' stock path. Part of db.ts,
 * the one place that knows node-postgres' insides.
 */
import pg from 'pg';
import { Parser } from 'pg-protocol/dist/parser.js';
import { RowMemory } from './row-memory';

// Backend message codes (protocol-message-formats).
const DATA_ROW = 0x44; // 'D'
const ROW_DESCRIPTION = 0x54; // 'T'
const COMMAND_COMPLETE = 0x43; // 'C'
const ERROR_RESPONSE = 0x45; // 'E'
const READY_FOR_QUERY = 0x5a; // 'Z'

type Message = { name: string };
interface StockParser {
  parse(buffer: Buffer, callback: (msg: Message) => void): void;
  handlePacket(offset: number, code: number, length: number, bytes: Buffer): Message;
}

/** What the parser hands on for a remembered row: nothing to dispatch, the row is already in place. */
const REMEMBERED: Message = { name: 'rememberedRow' };

/** pg-protocol's Parser (its handlePacket is private in the types, not at run time). */
class RememberingParser extends (Parser as unknown as new () => StockParser) {
  /** The memory of the statement running now, from its submit to its CommandComplete or error. */
  memory: RowMemory | undefined;
  /**
   * That statement's rows. A remembered row is added here by the parser itself, in order with the
   * rows node-postgres decodes: no event, no handler, no parsing for it.
   */
  rows: unknown[][] | undefined;
  /** Between the statement's RowDescription and its end. */
  reading = false;

  override handlePacket(offset: number, code: number, length: number, bytes: Buffer): Message {
    const m = this.memory;
    if (m === undefined) return super.handlePacket(offset, code, length, bytes);
    // `length` counts itself (4 bytes) and the body after it.
    const end = offset + length - 4;
    if (code === DATA_ROW) {
      const values = this.reading ? m.row(bytes, offset, end) : undefined;
      if (values) {
        this.rows!.push(values);
        return REMEMBERED;
      }
    } else if (code === ROW_DESCRIPTION) {
      m.begin(bytes, offset, end);
      this.reading = true;
    } else if (code === COMMAND_COMPLETE || code === ERROR_RESPONSE || code === READY_FOR_QUERY) {
      if (this.reading) {
        if (code === COMMAND_COMPLETE) m.commit();
        else m.abort();
      }
      this.reading = false;
      this.memory = undefined;
      this.rows = undefined;
    }
    return super.handlePacket(offset, code, length, bytes);
  }
}

interface StockQuery {
  submit(connection: unknown): unknown;
  handleDataRow(msg: { fields: unknown[] }): void;
  _result: { rows: unknown[][] };
}
type QueryCallback = (err: Error | null, res: pg.QueryResult) => void;

/** node-postgres' Query, arming the parser when sent and keeping the rows it decodes. */
class RememberingQuery extends (pg.Query as unknown as new (config: pg.QueryConfig & { rowMode: 'array' }, values: undefined, callback: QueryCallback) => StockQuery) {
  constructor(
    config: pg.QueryConfig & { rowMode: 'array' },
    callback: QueryCallback,
    private readonly parser: RememberingParser,
    private readonly memory: RowMemory,
  ) {
    super(config, undefined, callback);
  }

  override submit(connection: unknown): unknown {
    this.parser.memory = this.memory;
    this.parser.rows = this._result.rows;
    this.parser.reading = false;
    const refused = super.submit(connection);
    // Not sent (node-postgres reports the error): nothing of what follows is this statement's.
    if (refused) this.parser.memory = this.parser.rows = undefined;
    return refused;
  }

  /** A row the memory did not have: decoded by node-postgres, then remembered. */
  override handleDataRow(msg: { fields: unknown[] }): void {
    const before = this._result.rows.length;
    super.handleDataRow(msg);
    const row = this._result.rows[before];
    if (row) this.memory.decoded(row);
  }
}

const parsers = new WeakMap<pg.Client, RememberingParser>();

/**
 * Gives a client, before it connects, the parser that can remember rows. node-postgres makes its
 * parser inside Connection.attachListeners; this is that method (pg 8.x: parse the stream, emit
 * each message by name) with our parser.
 */
export function parseRemembering(client: pg.Client): void {
  const connection = (client as unknown as { connection: NodeJS.EventEmitter & { attachListeners(stream: NodeJS.ReadableStream): void; _emitMessage: boolean } }).connection;
  // Another node-postgres than the one this was written against: its stock path, rows decoded.
  if (typeof connection?.attachListeners !== 'function' || typeof (Parser.prototype as unknown as StockParser).handlePacket !== 'function') return;
  connection.attachListeners = function attachListeners(stream) {
    const parser = new RememberingParser();
    parsers.set(client, parser);
    stream.on('data', (buffer: Buffer) =>
      parser.parse(buffer, (msg) => {
        if (msg === REMEMBERED) return;
        if (connection._emitMessage) connection.emit('message', msg);
        connection.emit(msg.name === 'error' ? 'errorMessage' : msg.name, msg);
      }),
    );
  };
}

/**
 * A statement with bind parameters, rows as arrays, read through `memory` (the same memory for the
 * same statement every refresh). A client not given {@link parseRemembering} reads it the stock way.
 */
export function queryRemembering(client: pg.Client, text: string, values: unknown[], memory: RowMemory): Promise<pg.QueryResult> {
  const parser = parsers.get(client);
  if (!parser) return client.query({ text, values, rowMode: 'array' });
  return new Promise((resolve, reject) => {
    const q = new RememberingQuery({ text, values, rowMode: 'array' }, (err, res) => (err ? reject(err) : resolve(res)), parser, memory);
    client.query(q as unknown as pg.QueryConfig);
  });
}

export { RowMemory };
