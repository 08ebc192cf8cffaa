import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUERIES, sqlFor, type QueryId } from '../../../src/data/sql/registry';

const ROOT = join(__dirname, '../../../src/data/sql');

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sqlFiles(p) : f.endsWith('.sql') ? [relative(ROOT, p)] : [];
  });
}

describe('SQL registry', () => {
  const registered = Object.values(QUERIES).flatMap((vs) => vs.map((v) => v.file));
  it('registers every .sql file and nothing that does not exist', () => {
    expect([...registered].sort()).toEqual(sqlFiles(ROOT).sort());
  });
  it('loads each registered file under its own name', () => {
    for (const vs of Object.values(QUERIES)) for (const v of vs) expect(v.text, v.file).toBe(readFileSync(join(ROOT, v.file), 'utf8'));
  });
  it('names each file after its query and first major, and opens it with a comment', () => {
    for (const [id, vs] of Object.entries(QUERIES)) {
      for (const v of vs) {
        expect(v.file).toBe(`${id}/${id}.pg${v.minMajor}.sql`);
        expect(v.text.trimStart().startsWith('--'), v.file).toBe(true);
      }
    }
  });
  it('picks the newest variant not newer than the server', () => {
    expect(sqlFor('activity', 13).file).toMatch(/pg13/);
    expect(sqlFor('activity', 18).file).toMatch(/pg14/);
    expect(() => sqlFor('activity' as QueryId, 12)).toThrow();
  });
  it('uses bind parameters, never string building', () => {
    for (const vs of Object.values(QUERIES)) for (const v of vs) expect(v.text).not.toMatch(/\$\{/);
  });
  it('reads the times of rows per backend or lock with date_part, not a numeric extract cast to float8 (14+)', () => {
    // Since 14 extract() computes a numeric; cast to float8 it goes through text. Over 2000 rows
    // that was 15 % of the activity statement's CPU, for the same value.
    const perRow: QueryId[] = ['activity', 'locks', 'horizon', 'problems', 'statements', 'vacuum'];
    const text = (id: QueryId, major: number) => sqlFor(id, major).text.replace(/--.*$/gm, '');
    for (const id of perRow) for (const major of [14, 15, 16, 17, 18]) expect(text(id, major), `${id} on ${major}`).not.toMatch(/extract\(epoch FROM [a-z_.]+\)::float8/);
  });
});
