import { describe, expect, it } from 'vitest';
import { isOwnStatement, markOwn } from '../../../src/data/sql/own';

describe("pgwarden's own statements", () => {
  it.each([
    ['SELECT 1', 'SELECT /* pgwarden */ 1'],
    ['-- what changed in 17\nSELECT a FROM b', '-- what changed in 17\nSELECT /* pgwarden */ a FROM b'],
    ['BEGIN READ ONLY', 'BEGIN /* pgwarden */ READ ONLY'],
    ['SELECT /* pgwarden */ 1', 'SELECT /* pgwarden */ 1'],
  ])('marks %j after its first keyword', (text, marked) => {
    expect(markOwn(text)).toBe(marked);
  });

  it("recognises the mark in pg_stat_statements' text, with or without the leading notes, only for our role", () => {
    expect(isOwnStatement('SELECT /* pgwarden */ pid FROM pg_stat_activity', 'postgres', 'postgres')).toBe(true);
    expect(isOwnStatement('-- note\nSELECT /* pgwarden */ $1', 'postgres', 'postgres')).toBe(true);
    // Another role writing the comment does not hide its statements.
    expect(isOwnStatement('SELECT /* pgwarden */ steal()', 'mallory', 'postgres')).toBe(false);
    expect(isOwnStatement('SELECT a /* pgwarden */', 'postgres', 'postgres')).toBe(false);
    expect(isOwnStatement(null, 'postgres', 'postgres')).toBe(false);
  });
});
