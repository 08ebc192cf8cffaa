/** A checklist runtime with no server and its state and config in a fresh temporary home. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setChecklistRuntime } from '../../src/screens/checklist/controller';
import type { Capabilities } from '../../src/data/server';

export function tempChecklistRuntime(caps: Capabilities): { home: string; remove(): void } {
  const home = mkdtempSync(join(tmpdir(), 'pgwarden-checklist-'));
  setChecklistRuntime({
    query: () => Promise.reject(new Error('no server in this test')),
    caps: async () => caps,
    ownPids: () => [],
    serverKey: 'test',
    server: 'test',
    operator: 'tester',
    env: { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') },
    home,
  });
  return { home, remove: () => rmSync(home, { recursive: true, force: true }) };
}
