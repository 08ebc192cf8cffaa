/**
 * Rows read as arrays are parsed in the array the protocol parser made (src/data/db.ts), not
 * copied into a second one: the values are node-postgres' own, with pgwarden's type parsers.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import '../../../src/data/db';

describe('rows read as arrays', () => {
  it('are parsed in place, with the same values', () => {
    const result = new (pg.Result as unknown as new (rowMode: string) => { addFields(f: unknown[]): void; parseRow(fields: unknown[]): unknown[] })('array');
    const oid = pg.types.builtins;
    result.addFields([
      { name: 'pid', dataTypeID: oid.INT4, format: 'text' },
      { name: 'started', dataTypeID: oid.FLOAT8, format: 'text' },
      { name: 'xacts', dataTypeID: oid.INT8, format: 'text' },
      { name: 'query', dataTypeID: oid.TEXT, format: 'text' },
      { name: 'partial', dataTypeID: oid.BOOL, format: 'text' },
      { name: 'blocked_by', dataTypeID: 1007, format: 'text' },
      { name: 'missing', dataTypeID: oid.TEXT, format: 'text' },
    ]);
    const fields = ['4242', '1700000000.25', '9007199254740991', 'select 1', 't', '{7,8}', null];
    const row = result.parseRow(fields);
    expect(row).toBe(fields);
    expect(row).toEqual([4242, 1700000000.25, 9007199254740991, 'select 1', true, [7, 8], null]);
  });
});
