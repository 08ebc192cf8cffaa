import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { longQuery } from '../../src/lab/scenarios';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

describe.skipIf(!e2e)('the start-up trace the benchmark reads (PGWARDEN_STARTUP_TRACE)', () => {
  it('is written, private, once the first populated frame is drawn, with the phases in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgw-trace-'));
    const file = join(dir, 'trace.json');
    // A session to list: the first populated frame is the one that shows it.
    const q = await longQuery(e2e!.primary, { seconds: 60, appName: 'e2e-trace' });
    try {
      term = openTerm({ columns: 120, rows: 30, env: { LANG: 'C.UTF-8', PGWARDEN_STARTUP_TRACE: file } });
      const { bundle, primary } = e2e!;
      term.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U postgres postgres`);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('pg_sleep'), 'populated screen');
      const trace = JSON.parse(readFileSync(file, 'utf8')) as { bootstrapMs: number; cpuMs: number; marks: Array<[string, number]>; externalMb: number };
      // The screen is drawn with the first refresh in it; before it (then empty) only when that
      // refresh takes longer than the monitor waits for it (src/cli/tui.tsx).
      expect(trace.marks.map(([p]) => p).filter((p) => p !== 'screen drawn')).toEqual(['script loaded', 'connected', 'probed', 'ui loaded', 'first refresh', 'first frame']);
      expect(trace.cpuMs).toBeGreaterThan(0);
      // yoga's WebAssembly is bundled with a small declared memory (scripts/yoga-small-memory.mjs):
      // its stock 16 MB counted as external memory and set off a full collection before the first frame.
      expect(trace.externalMb).toBeGreaterThan(0);
      expect(trace.externalMb).toBeLessThan(8);
      const times = [trace.bootstrapMs, ...trace.marks.map(([, t]) => t)];
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      term.keys('q');
      await term.waitFor((s) => !s.includes('Activity'), 'quit');
    } finally {
      await q.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
