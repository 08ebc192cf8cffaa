import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import './setup/types';

const e2e = inject('e2e');
const CORPUS = join(__dirname, '../unit/explain/corpus');

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
});
