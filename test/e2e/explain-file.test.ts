import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openTerm, sttyState, type Term } from './tmux';
import { testDir } from '../helpers/tmp';
import './setup/types';

const e2e = inject('e2e');
const CORPUS = join(__dirname, '../unit/explain/corpus');
let term: Term | undefined;
afterEach(() => term?.kill());

describe.skipIf(!e2e)('pgwarden explain --file', () => {
  it('reads a psql-framed plan from a file without any connection and ranks its flags', () => {
    const r = spawnSync('node', [e2e!.bundle, 'explain', '--file', join(CORPUS, 'guide-seqscan.psql-json.txt')], { encoding: 'utf8', env: { ...process.env, PGHOST: '/nonexistent', PGPORT: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Most time is in Seq Scan on guide\.orders o .*first fix, seq-scan-filter/);
    expect(r.stdout).toContain('(status, created_at) INCLUDE (user_id)');
  });

  it('reads auto_explain log lines from stdin with --file - and prints --json', () => {
    const input = readFileSync(join(CORPUS, 'auto-guide.auto-text.log'), 'utf8');
    const r = spawnSync('node', [e2e!.bundle, 'explain', '--file', '-', '--json'], { encoding: 'utf8', input });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.format).toBe('auto_explain-text');
    expect(doc.findings[0].category).toBe('seq-scan-filter');
  });

  it('answers a truncated plan with one line and exit 2, never a stack trace', () => {
    const input = readFileSync(join(CORPUS, 'guide-seqscan.json'), 'utf8').slice(0, 300);
    const r = spawnSync('node', [e2e!.bundle, 'explain', '--file', '-'], { encoding: 'utf8', input });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^pgwarden: stdin: expected valid EXPLAIN \(FORMAT JSON\) output at line \d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('opens the plan screen on a terminal, with no server behind it, and prints the report when piped', async () => {
    // No server anywhere: a connection attempt would fail loudly.
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color', PGHOST: '/nonexistent', PGPORT: '1' } });
    const before = await sttyState(term, 'BEFORE');
    term.type(`cd ${CORPUS} && echo marker-before-launch`);
    term.keys('Enter');
    term.type(`node ${e2e!.bundle} explain --file guide-seqscan.json`);
    term.keys('Enter');
    const first = await term.waitFor((s) => s.includes('Most time is in Seq Scan on guide.orders o') && s.includes('Hash Join'), 'plan screen');
    expect(term.alternateOn()).toBe(true);
    const lines = first.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines[0]).toContain('plan read from guide-seqscan.json');
    expect(first).toContain('no server connection');
    expect(first).not.toMatch(/connecting/);
    // The root (Hash Join) has no flag of its own: its panel shows no fix until n reaches one.
    expect(first).not.toContain('fix:');
    term.keys('n');
    await term.waitFor((s) => /seq-scan-filter/.test(s) && s.includes('fix:'), 'the first flag selected');
    term.keys('a');
    await term.waitFor((s) => s.includes('EXPLAIN ANALYZE needs a server'), 'a needs a connection');
    term.keys('q');
    await term.waitFor((s) => s.includes('marker-before-launch') && !s.includes('no server connection'), 'shell back');
    expect(term.alternateOn()).toBe(false);
    expect(await sttyState(term, 'AFTER')).toBe(before);

    // Piped: the text report, as before; the screen is never taken (the report goes on through cat to a file, it is longer than the terminal).
    const report = join(testDir('pgw-planfile-'), 'report.txt');
    term.type(`node ${e2e!.bundle} explain --file guide-seqscan.json | cat > ${report}; echo "piped-exit=$?"`);
    term.keys('Enter');
    const piped = await term.waitFor((s) => /piped-exit=0/.test(s), 'piped report');
    expect(piped).not.toContain('no server connection');
    const text = readFileSync(report, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^Most time is in Seq Scan on guide\.orders o/);
    expect(text).toContain('Red flags (1)');
    expect(text).not.toContain('\x1b[?1049h');
    expect(term.alternateOn()).toBe(false);
  });
});

