/**
 * The memory of a statement's rows (src/data/row-memory.ts): a row is given back from memory only
 * when its bytes are those of a row of the previous read, under the same row description.
 */
import { describe, expect, it } from 'vitest';
import { RowMemory } from '../../../src/data/row-memory';

/** A DataRow body: field count, then each field's length and bytes (-1: NULL). */
function dataRow(fields: (string | null)[]): Buffer {
  const parts = [Buffer.from([fields.length >> 8, fields.length & 255])];
  for (const f of fields) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(f === null ? -1 : Buffer.byteLength(f));
    parts.push(len, ...(f === null ? [] : [Buffer.from(f)]));
  }
  return Buffer.concat(parts);
}

const DESCRIPTION = Buffer.from('pid,backend_start,state,query');

/** One read: each row's values from memory, or a fresh array (decoded as the driver would). */
function read(m: RowMemory, rows: (string | null)[][], description = DESCRIPTION, complete = true): unknown[][] {
  // Rows arrive inside larger buffers, at an offset, as from the socket.
  const pad = Buffer.from('xyz');
  m.begin(Buffer.concat([pad, description]), pad.length, pad.length + description.length);
  const out = rows.map((r) => {
    const body = dataRow(r);
    const chunk = Buffer.concat([pad, body, pad]);
    const remembered = m.row(chunk, pad.length, pad.length + body.length);
    if (remembered) return remembered;
    const decoded = [...r];
    m.decoded(decoded);
    return decoded;
  });
  if (complete) m.commit();
  else m.abort();
  return out;
}

const backend = (pid: number, start: string, state = 'idle', query = 'SELECT 1'): string[] => [String(pid), start, state, query];

describe('the memory of a statement rows', () => {
  it('gives back the same values for a row whose bytes did not change, at the same position', () => {
    const m = new RowMemory();
    const rows = [backend(101, '1.5'), backend(102, '2.5'), [null, null, null, '42']];
    const first = read(m, rows);
    const second = read(m, rows);
    for (let k = 0; k < rows.length; k++) expect(second[k]).toBe(first[k]);
    expect(m.hits).toBe(3);
  });

  it('decodes a row again when any field changed, a NULL became a value, or a value its length', () => {
    const m = new RowMemory();
    const first = read(m, [backend(101, '1.5'), backend(102, '2.5'), backend(103, '3.5'), [String(104), null, 'idle', 'x']]);
    const second = read(m, [backend(101, '1.5', 'active'), backend(102, '2.5', 'idle', 'SELECT 2'), backend(103, '3.5'), [String(104), '4.5', 'idle', 'x']]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]).toEqual(['101', '1.5', 'active', 'SELECT 1']);
    expect(second[1]).toEqual(['102', '2.5', 'idle', 'SELECT 2']);
    expect(second[2]).toBe(first[2]);
    expect(second[3]).toEqual(['104', '4.5', 'idle', 'x']);
  });

  it('does not take a backend for another with the same pid (its start differs)', () => {
    const m = new RowMemory();
    const first = read(m, [backend(101, '1.5')]);
    const second = read(m, [backend(101, '9.5')]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]).toEqual(['101', '9.5', 'idle', 'SELECT 1']);
  });

  it('finds unchanged rows by pid when backends came, went or moved', () => {
    const m = new RowMemory();
    const a = backend(101, '1.5');
    const b = backend(102, '2.5');
    const c = backend(103, '3.5');
    const d = backend(104, '4.5');
    const [ra, rb, rc, rd] = read(m, [a, b, c, d]);
    // 102 gone, 105 new in front, 104 before 103.
    const next = read(m, [backend(105, '5.5'), a, d, c]);
    expect(next[0]).toEqual(['105', '5.5', 'idle', 'SELECT 1']);
    expect(next[1]).toBe(ra);
    expect(next[2]).toBe(rd);
    expect(next[3]).toBe(rc);
    // And again from that order: 102 is not remembered any more (it was not in the last read).
    const third = read(m, [b, a]);
    expect(third[0]).not.toBe(rb);
    expect(third[0]).toEqual(b);
    expect(third[1]).toBe(ra);
  });

  it('forgets everything under another row description (other columns or types)', () => {
    const m = new RowMemory();
    const rows = [backend(101, '1.5'), backend(102, '2.5')];
    const first = read(m, rows);
    // A read that looked rows up by pid, then failed.
    read(m, [rows[1]!, rows[0]!], DESCRIPTION, false);
    const other = read(m, [rows[1]!, rows[0]!], Buffer.from('pid,backend_start,state,query::int'));
    expect(other[0]).not.toBe(first[1]);
    expect(other[1]).not.toBe(first[0]);
    expect(other).toEqual([rows[1], rows[0]]);
    expect(m.hits).toBe(2);
  });

  it('compares with the last complete read after a read that failed part way', () => {
    const m = new RowMemory();
    const first = read(m, [backend(101, '1.5'), backend(102, '2.5')]);
    read(m, [backend(101, '1.5')], DESCRIPTION, false);
    const third = read(m, [backend(101, '1.5'), backend(102, '2.5')]);
    expect(third[0]).toBe(first[0]);
    expect(third[1]).toBe(first[1]);
  });

  it('never gives back a row whose decoding did not complete', () => {
    const m = new RowMemory();
    const rows = [backend(101, '1.5')];
    m.begin(DESCRIPTION, 0, DESCRIPTION.length);
    const body = dataRow(rows[0]!);
    expect(m.row(body, 0, body.length)).toBeUndefined();
    // The driver failed on that row: nothing handed to decoded().
    m.commit();
    const again = read(m, rows);
    expect(again[0]).toEqual(rows[0]);
    expect(m.hits).toBe(0);
  });

  it('keeps the bytes of remembered rows for the read after (copied a run at a time), refresh after refresh', () => {
    const m = new RowMemory();
    let rows = Array.from({ length: 1000 }, (_, k) => backend(1000 + k, `${k}.5`, 'idle', `SELECT ${k}`));
    read(m, rows);
    for (let n = 1; n <= 6; n++) {
      // One row changes, one backend goes, one comes: the rest is remembered, read after read.
      rows = rows.map((r, k) => (k === n * 97 ? backend(1000 + k, `${k}.5`, 'active', `SELECT ${k}`) : r));
      rows.splice(n * 31, 1);
      rows.splice(n * 53, 0, backend(5000 + n, '9.5'));
      const hits = m.hits;
      const got = read(m, rows);
      expect(got).toEqual(rows);
      expect(m.hits - hits).toBe(rows.length - 2);
    }
  });

  it('keeps thousands of rows in one buffer, found by position and by pid', () => {
    const m = new RowMemory();
    const rows = Array.from({ length: 5000 }, (_, k) => backend(10_000 + k, `${k}.25`, k % 3 ? 'idle' : 'active', `SELECT ${'x'.repeat(k % 50)}`));
    const first = read(m, rows);
    const shuffled = [...rows.slice(2500), ...rows.slice(0, 2500)];
    const second = read(m, shuffled);
    expect(second.every((r, k) => r === first[(k + 2500) % 5000])).toBe(true);
  });
});
