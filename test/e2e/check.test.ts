import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { labClient } from '../../src/lab/client';
import { lockChain } from '../../src/lab/scenarios';
import { testDir } from '../helpers/tmp';
import './setup/types';

const e2e = inject('e2e');

/** Runs the bundle's check against the primary; XDG_CONFIG_HOME points at an empty directory unless a file is given. */
function check(args: string[] = [], env: Record<string, string> = {}) {
  const p = e2e!.primary;
  const r = spawnSync('node', [e2e!.bundle, 'check', '-h', p.host, '-p', String(p.port), '-U', 'postgres', ...args, 'postgres'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: testDir('pgw-check-'), ...env },
  });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

describe.skipIf(!e2e)('pgwarden check', () => {
  it('exits 0 with one OK line on a quiet server', () => {
    const r = check();
    expect(r.lines).toEqual(['PGWARDEN OK - no problems | problems=0;;;0 critical=0;;;0 warning=0;;;0']);
    expect(r.code).toBe(0);
  });

  it('exits 1 for a warning (a blocker with 3 sessions behind it), 2 for a critical (5), naming the culprit', async () => {
    for (const [depth, code, label] of [[3, 1, 'WARNING'], [5, 2, 'CRITICAL']] as const) {
      const h = await lockChain(e2e!.primary, { depth, appName: 'billing' });
      try {
        const r = check();
        expect(r.lines[0]).toMatch(new RegExp(`^PGWARDEN ${label} - pid ${h.root} \\(app billing, idle in transaction [0-9.]+s\\) blocks ${depth} sessions( \\(\\+\\d+ more\\))? \\| problems=\\d+;;;0 `));
        expect(r.lines[1]).toMatch(new RegExp(`^${label}: pid ${h.root} .* blocks ${depth} sessions \\[2 locks\\]$`));
        expect(r.code).toBe(code);
      } finally {
        await h.stop();
      }
    }
  });

  it('judges by the preferences file given with --config', async () => {
    const file = join(testDir('pgw-check-'), 'strict.yaml');
    writeFileSync(file, 'thresholds:\n  connections: { warn: 0.1%, critical: 0.2% }\n');
    // pgwarden's own sessions are not counted: one client of the workload's is above 0.2 %.
    const client = await labClient(e2e!.primary);
    try {
      const r = check(['--config', file]);
      expect(r.lines[0]).toMatch(/^PGWARDEN CRITICAL - connections at \d+\.\d% of max_connections/);
      expect(r.code).toBe(2);
    } finally {
      await client.end();
    }
  });

  it('exits 3 (UNKNOWN) with one line when it cannot judge: no server, a bad preferences file', () => {
    const down = spawnSync('node', [e2e!.bundle, 'check', '-h', e2e!.primary.host, '-p', '1', '-U', 'postgres', 'postgres'], { encoding: 'utf8' });
    expect(down.stdout).toMatch(/^PGWARDEN UNKNOWN - [^\n]+\n$/);
    expect(down.status).toBe(3);
    const file = join(testDir('pgw-check-'), 'bad.yaml');
    writeFileSync(file, 'thresholds:\n  cache_hits: { warn: 0.9 }\n');
    const bad = check(['--config', file]);
    expect(bad.lines).toEqual([`PGWARDEN UNKNOWN - ${file}:2: thresholds.cache_hits: unknown threshold (known: ${bad.lines[0]!.split('(known: ')[1]}`]);
    expect(bad.code).toBe(3);
  });
});
