import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlanFile } from '../../../src/explain/file-cli';

const CORPUS = join(__dirname, 'corpus');

async function run(file: string, input: string | null, json = false) {
  let out = '';
  let err = '';
  const code = await runPlanFile({
    file,
    json,
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    read: (f) => {
      if (input === null) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return f === '-' ? input : input;
    },
  });
  return { code, out, err };
}

describe('pgwarden explain --file', () => {
  it('prints the headline first, then the tree and the ranked flags', async () => {
    const r = await run('plan.txt', readFileSync(join(CORPUS, 'guide-seqscan.psql-text.txt'), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^Most time is in Seq Scan on guide\.orders o \(\d+%\) of [\d.]+ms; first fix, seq-scan-filter/);
    expect(r.out).toContain('read as psql-text');
    expect(r.out).toContain('Red flags (1), by what they cost:');
  });

  it('gives scripts the tree with self times, the findings and the summary with --json', async () => {
    const r = await run('-', readFileSync(join(CORPUS, 'partitions-cold.text.txt'), 'utf8'), true);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ version: 1, format: 'text', analyzed: true, timing: 'on', summary: { shareOf: 'execution-time' } });
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ category: 'seq-scan-filter', severity: 'bad' });
    expect(doc.findings[0].nodes).toHaveLength(12);
    expect(doc.flags).toHaveLength(12);
    expect(doc.tree.children[0].children[0]).toMatchObject({ node: '0.0.0', type: 'Seq Scan', relation: 'readings_1' });
    expect(typeof doc.tree.children[0].children[0].selfMs).toBe('number');
  });

  it('answers bad input with one line naming what was expected and where, exit 2', async () => {
    const truncated = readFileSync(join(CORPUS, 'guide-seqscan.json'), 'utf8').slice(0, 500);
    const r = await run('plan.json', truncated);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^pgwarden: plan\.json: expected valid EXPLAIN \(FORMAT JSON\) output at line \d+, found: the end of the input\n$/);
    const text = await run('-', 'Seq Scan on t (oops)\n');
    expect(text.code).toBe(2);
    expect(text.err).toMatch(/^pgwarden: stdin: expected a plan node line .* at line 1, found: Seq Scan on t \(oops\)\n$/);
    const missing = await run('nope.json', null);
    expect(missing).toMatchObject({ code: 2, err: 'pgwarden: cannot read nope.json: no such file\n' });
  });

  it('never lets a name from the plan send escape sequences to the terminal', async () => {
    const plan = readFileSync(join(CORPUS, 'healthy-pk.json'), 'utf8').replace('"users"', '"users\\u001b[2J"');
    const r = await run('p.json', plan);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('\u001b');
    const json = await run('p.json', plan.replace('"users\\u001b[2J"', '"\\u009busers\\u001b[2J"'), true);
    expect(json.out).not.toMatch(/[\u001b\u009b]/);
    expect(JSON.parse(json.out).tree.relation).toBe('\u009busers\u001b[2J');
  });
});
