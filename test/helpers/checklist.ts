/** A checklist runtime with no server and its state and config in a fresh temporary home. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChecklistController, type ChecklistRuntime } from '../../src/checklists/controller';
import type { Capabilities } from '../../src/data/server';
import type { Store } from '../../src/state/store';

export function tempChecklistRuntime(caps: Capabilities): { home: string; runtime: ChecklistRuntime; controller(store: Store): ChecklistController; remove(): Promise<void> } {
  const home = mkdtempSync(join(tmpdir(), 'pgwarden-checklist-'));
  const controllers: ChecklistController[] = [];
  const runtime: ChecklistRuntime = {
    query: () => Promise.reject(new Error('no server in this test')),
    caps: async () => caps,
    ownPids: () => [],
    serverKey: 'test',
    server: 'test',
    operator: 'tester',
    env: { XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') },
    home,
  };
  return {
    home,
    runtime,
    // The App's controller, as the CLI makes it: writing to the App's store.
    controller: (store) => {
      const c = new ChecklistController(runtime, store.checklist);
      controllers.push(c);
      return c;
    },
    // The controllers' state saves still queued first: removed before them, the home came back.
    remove: async () => {
      await Promise.all(controllers.map((c) => c.settled()));
      rmSync(home, { recursive: true, force: true });
    },
  };
}
