import { describe, expect, it } from 'vitest';
import { normalizeQueries, normalizeQuery } from '../../../src/recorder/normalize';

describe('normalizeQuery', () => {
  it.each([
    ["SELECT * FROM users WHERE email = 'a@b.c' AND id = 42", 'SELECT * FROM users WHERE email = $1 AND id = $2'],
    ["ALTER ROLE app PASSWORD 'hunter2'", 'ALTER ROLE app PASSWORD $1'],
    ["SELECT 'it''s', E'a\\'b', 3.14, .5, 1e-3, 0x1F", 'SELECT $1, $2, $3, $4, $5, $6'],
    ["SELECT U&'d\\0061t', B'101', X'1F', N'x'", 'SELECT $1, $2, $3, $4'],
    ['SELECT $fn$ body; with \'quotes\' $fn$, $$x$$', 'SELECT $1, $2'],
    ['SELECT a FROM t WHERE b = $1 AND c = 7', 'SELECT a FROM t WHERE b = $1 AND c = $2'],
    ['SELECT t1.c2, "Col 9" FROM t1', 'SELECT t1.c2, "Col 9" FROM t1'],
    ['SELECT "it\'s 5" FROM x', 'SELECT "it\'s 5" FROM x'],
    ["SELECT 1 -- token 'abc'\nFROM t /* secret 'x' /* nested */ 9 */ WHERE x = 2", 'SELECT $1\nFROM t   WHERE x = $2'],
    ["SELECT 'cut short", 'SELECT $1'],
    ['UPDATE t SET v = v + 1 WHERE id = -5', 'UPDATE t SET v = v + $1 WHERE id = -$2'],
  ])('%s', (input, out) => {
    expect(normalizeQuery(input)).toBe(out);
  });

  it('normalizes every query field, leaving the rest', () => {
    expect(normalizeQueries({ a: [{ query: "SELECT 'x'", user: "o'neil" }], query: null })).toEqual({ a: [{ query: 'SELECT $1', user: "o'neil" }], query: null });
  });
});
