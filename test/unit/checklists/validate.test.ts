import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecklists, userChecklistDir } from '../../../src/checklists/load';
import { validateChecklist } from '../../../src/checklists/validate';
import { BUILT_IN } from '../../../src/checklists/defs';
import { CHECKS } from '../../../src/checklists/checks';
import { testDir } from '../../helpers/tmp';

const good = {
  id: 'nightly',
  title: 'Nightly',
  kind: 'maintenance',
  description: 'ours',
  steps: [{ id: 'cache', title: 'Cache', why: 'memory', check: { id: 'cache_hit', thresholds: { warn: 0.999 } }, jump: { screen: 'statements' } }],
};

describe('validateChecklist', () => {
  it('accepts a well-formed file and keeps its thresholds', () => {
    const r = validateChecklist('/c/nightly.json', JSON.stringify(good));
    expect('def' in r && r.def.steps[0]!.check).toEqual({ id: 'cache_hit', thresholds: { warn: 0.999 } });
  });

  it.each([
    ['{', /^f\.json: not valid JSON/],
    ['[]', /^f\.json: expected a JSON object/],
    [JSON.stringify({ ...good, id: 'Bad Id' }), /^f\.json: id: "Bad Id" must be/],
    [JSON.stringify({ ...good, steps: [] }), /^f\.json: steps: expected a non-empty array/],
    [JSON.stringify({ ...good, steps: [{ ...good.steps[0], check: { id: 'nope' } }] }), /^f\.json: steps\[0\]\.check\.id: unknown check "nope" \(known: /],
    [JSON.stringify({ ...good, steps: [{ ...good.steps[0], check: { id: 'cache_hit', thresholds: { warn: '1' } } }] }), /^f\.json: steps\[0\]\.check\.thresholds\.warn: expected a number/],
    [JSON.stringify({ ...good, steps: [{ ...good.steps[0], why: undefined }] }), /^f\.json: steps\[0\]\.why: missing/],
    [JSON.stringify({ ...good, steps: [good.steps[0], good.steps[0]] }), /^f\.json: steps\[1\]\.id: "cache" is used by an earlier step/],
    [JSON.stringify({ ...good, colour: 1 }), /^f\.json: colour: unknown field/],
  ])('rejects %s with an error naming the file and field', (text, re) => {
    const r = validateChecklist('f.json', text);
    expect('errors' in r && r.errors.some((e) => re.test(e))).toBe(true);
  });
});

describe('built-in checklists', () => {
  it('refer only to known checks, with unique step ids', () => {
    for (const def of BUILT_IN) {
      expect(new Set(def.steps.map((s) => s.id)).size).toBe(def.steps.length);
      for (const s of def.steps) if (s.check) expect(CHECKS.has(s.check.id), `${def.id}/${s.id}`).toBe(true);
    }
  });

  it('round-trip through the user file validator', () => {
    for (const def of BUILT_IN) {
      const { source: _s, ...plain } = def;
      expect(validateChecklist('x.json', JSON.stringify(plain))).toEqual({ def: { ...plain, source: 'x.json' } });
    }
  });
});

describe('loadChecklists', () => {
  it('loads valid user files, reports broken ones and id clashes, ignores a missing directory', async () => {
    const dir = testDir('pgw-cl-');
    await writeFile(join(dir, 'a.json'), JSON.stringify(good));
    await writeFile(join(dir, 'b.json'), JSON.stringify({ ...good, id: 'weekly' }));
    await writeFile(join(dir, 'c.json'), '{');
    const r = await loadChecklists(dir);
    expect(r.checklists.map((c) => c.id)).toContain('nightly');
    expect(r.errors).toEqual([
      expect.stringMatching(/b\.json: id: "weekly" is already used by a built-in checklist/),
      expect.stringMatching(/c\.json: not valid JSON/),
    ]);
    expect((await loadChecklists(join(dir, 'missing'))).errors).toEqual([]);
  });

  it('finds the directory under XDG_CONFIG_HOME, ignoring a relative one', () => {
    expect(userChecklistDir({ XDG_CONFIG_HOME: '/x' }, '/h')).toBe('/x/pgwarden/checklists');
    expect(userChecklistDir({ XDG_CONFIG_HOME: 'rel' }, '/h')).toBe('/h/.config/pgwarden/checklists');
  });
});

describe('checks defined by SQL', () => {
  const file = (check: unknown) => JSON.stringify({ id: 'mine', title: 'Mine', steps: [{ id: 'a', title: 'A', why: 'w', check }] });
  it('validates with the file and field in every error', () => {
    const r = validateChecklist('mine.json', file({ id: 'cache_hit', sql: 'SELECT 1', below: 'yes', thresholds: {} }));
    expect('errors' in r && r.errors).toEqual([
      'mine.json: steps[0].check.id: a check has either "id" (a built-in check) or "sql" (your own), not both',
      'mine.json: steps[0].check.column: missing (expected a string)',
      'mine.json: steps[0].check.below: expected true or false',
      'mine.json: steps[0].check.thresholds: expected "warn" or "fail" (or both)',
    ]);
    const noTh = validateChecklist('mine.json', file({ sql: 'SELECT 1 AS n', column: 'n' }));
    expect('errors' in noTh && noTh.errors).toEqual(['mine.json: steps[0].check.thresholds: missing (expected { "warn": n, "fail": n }: what the column is graded against)']);
    const stray = validateChecklist('mine.json', file({ id: 'cache_hit', column: 'n' }));
    expect('errors' in stray && stray.errors).toEqual(['mine.json: steps[0].check.column: only for a check defined by "sql"']);
  });

  it('accepts one and keeps its column and direction', () => {
    const r = validateChecklist('mine.json', file({ sql: 'SELECT 1 AS n', column: 'n', below: true, thresholds: { warn: 2 } }));
    expect('def' in r && r.def.steps[0]!.check).toEqual({ id: 'sql', sql: 'SELECT 1 AS n', column: 'n', below: true, thresholds: { warn: 2 } });
  });
});
