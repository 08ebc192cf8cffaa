/** A checklist runtime with no server and its state and config in a fresh temporary home. */
import { join } from 'node:path';
import { ChecklistController, type ChecklistRuntime } from '../../src/checklists/controller';
import type { Capabilities } from '../../src/data/server';
import type { Store } from '../../src/state/store';
import { testDir } from './tmp';

/**
 * A checklist runtime whose home is a directory of its own, removed when the test ends, once the
 * controllers' state saves still queued are done (removed before them, the home came back).
 */
export function tempChecklistRuntime(caps: Capabilities): { home: string; runtime: ChecklistRuntime; controller(store: Store): ChecklistController } {
  const controllers: ChecklistController[] = [];
  const home = testDir('pgwarden-checklist-', () => Promise.all(controllers.map((c) => c.settled())));
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
  };
}
