import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { longQuery } from '../../src/lab/scenarios';
import './setup/types';

const e2e = inject('e2e');

describe.skipIf(!e2e)('pgwarden snapshot --json', () => {
  it('prints one JSON document of raw values and exits 0', async () => {
    const q = await longQuery(e2e!.primary, { seconds: 60, appName: 'snap-long' });
    try {
      const out = execFileSync('node', [e2e!.bundle, 'snapshot', '--json', '-h', e2e!.primary.host, '-p', String(e2e!.primary.port), '-U', 'postgres', 'postgres'], {
        encoding: 'utf8',
      });
      const doc = JSON.parse(out);
      expect(doc.server.major).toBe(e2e!.major);
      expect(typeof doc.summary.connections.client_total).toBe('number');
      expect(doc.summary.database_size_bytes).toBeGreaterThan(0);
      const row = doc.activity.find((r: { application_name: string }) => r.application_name === 'snap-long');
      expect(row.state).toBe('active');
      expect(row.query_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(typeof row.pid).toBe('number');
      expect(doc.activity.some((r: { application_name: string }) => r.application_name === 'pgwarden')).toBe(false);
    } finally {
      await q.stop();
    }
  });

  it('rejects an unknown option with a usage error and exit code 2', () => {
    const r = spawnSync('node', [e2e!.bundle, '--no-such-option'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a bad port as it was typed, in one line, exit code 2', () => {
    const r = spawnSync('node', [e2e!.bundle, 'snapshot', '--json', '-h', e2e!.primary.host, '-p', 'abc'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('pgwarden: invalid port number: "abc"\n');
  });

  it('refuses to draw without a terminal and points to snapshot --json', () => {
    const r = spawnSync('node', [e2e!.bundle, '-h', e2e!.primary.host, '-p', String(e2e!.primary.port), '-U', 'postgres'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/snapshot --json/);
  });
});
