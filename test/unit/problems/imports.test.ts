import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../../src');
const ROOT = join(SRC, 'problems');
const ALLOWED = ['problems', 'data', 'format', 'text'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('src/problems imports', () => {
  it('only from src/data, src/format and src/text (never a screen, component or the App)', () => {
    const bad: string[] = [];
    for (const f of files(ROOT)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const top = relative(SRC, resolve(dirname(f), m[1]!)).split('/')[0]!;
        if (!ALLOWED.includes(top)) bad.push(`${relative(SRC, f)} → ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
