import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A private temporary directory, removed when the current test ends, passed or failed: a test run
 * leaves nothing in /tmp. `settle` runs first, for writes still queued into the directory (the
 * checklist controller saves its state file in the background: removed too early, the directory
 * came back with the late save in it).
 */
export function testDir(prefix: string, settle?: () => Promise<unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(async () => {
    await settle?.();
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
