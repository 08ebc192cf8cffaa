import { describe, expect, it } from 'vitest';
import { decideRights, safeSearchPath, splitSearchPath, type RightsFacts } from '../../../src/explain/rights';

const facts = (over: Partial<RightsFacts> = {}): RightsFacts => ({
  self: 'postgres',
  selfSuper: true,
  selfTemp: true,
  author: 'alice',
  authorSuper: false,
  canSetRole: false,
  authorTemp: true,
  inRecovery: false,
  plpgsql: true,
  untrustedFunctions: 2,
  example: 'trap.lower (owned by alice)',
  writableSchemas: ['public', 'trap'],
  ...over,
});
const plan = { asSelf: false, analyze: false };

describe('as whom a statement is planned', () => {
  it("takes the author's rights when pgwarden may (superuser, or a member on a writable server)", () => {
    expect(decideRights('alice', facts(), plan)).toMatchObject({ as: 'author', role: 'alice' });
    expect(decideRights('alice', facts({ self: 'ops', selfSuper: false, canSetRole: true }), plan)).toMatchObject({ as: 'author' });
  });

  it('asks, naming the blocker and the risk, when it cannot and user code exists', () => {
    const cases: [string | null, Partial<RightsFacts>, RegExp][] = [
      ['alice', { self: 'mon', selfSuper: false }, /mon may not SET ROLE to alice/],
      [null, { author: null }, /role that ran this statement is unknown/],
      ['ghost', { author: null }, /its role ghost no longer exists/],
      ['alice', { inRecovery: true }, /standby/],
      ['alice', { plpgsql: false }, /PL\/pgSQL/],
      ['alice', { self: 'ops', selfSuper: false, canSetRole: true, authorTemp: false }, /alice lacks TEMPORARY/],
    ];
    for (const [who, f, why] of cases) {
      const d = decideRights(who, facts(f), plan);
      expect(d.as).toBe('ask');
      if (d.as === 'ask') {
        expect(d.message).toMatch(why);
        expect(d.message).toMatch(/2 functions in this database are owned by other roles, e\.g\. trap\.lower \(owned by alice\)/);
        expect(d.message).toMatch(/Plan it as \w+ anyway\?$/);
      }
    }
    const run = decideRights(null, facts({ author: null }), { asSelf: false, analyze: true });
    expect(run.as === 'ask' && run.message).toMatch(/^Cannot run this.*Run it as postgres anyway\?$/);
  });

  it('plans as itself when that runs no one else\'s code, or on the operator\'s word', () => {
    expect(decideRights('postgres', facts({ author: 'postgres', authorSuper: true }), plan)).toMatchObject({ as: 'self', accepted: false });
    expect(decideRights('root', facts({ self: 'mon', selfSuper: false, author: 'root', authorSuper: true }), plan)).toMatchObject({ as: 'self', accepted: false });
    expect(decideRights(null, facts({ author: null, untrustedFunctions: 0 }), plan)).toMatchObject({ as: 'self', accepted: false });
    expect(decideRights(null, facts({ author: null }), { asSelf: true, analyze: false })).toMatchObject({ as: 'self', accepted: true });
  });
});

describe('search_path', () => {
  it('reads a setting as the server does', () => {
    expect(splitSearchPath('"$user", public')).toEqual(['$user', 'public']);
    expect(splitSearchPath('Trap, "My ""S""", pg_catalog')).toEqual(['trap', 'My "S"', 'pg_catalog']);
    expect(splitSearchPath('')).toEqual([]);
  });

  it('puts pg_catalog first and pg_temp last, $user as the author, writable schemas last when asked', () => {
    expect(safeSearchPath(['trap', 'pg_catalog', 'public'], { author: 'alice' }).path).toBe('"pg_catalog", "trap", "public", "pg_temp"');
    expect(safeSearchPath(['$user', 'pg_temp', 'public'], { author: 'alice' }).path).toBe('"pg_catalog", "alice", "public", "pg_temp"');
    expect(safeSearchPath(['$user', 'public'], { author: null }).path).toBe('"pg_catalog", "public", "pg_temp"');
    const d = safeSearchPath(['trap', 'app', 'public'], { author: 'alice', demote: ['trap', 'public'] });
    expect(d).toEqual({ path: '"pg_catalog", "app", "trap", "public", "pg_temp"', reordered: true });
  });
});
