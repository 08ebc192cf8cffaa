import { afterEach, describe, expect, it } from 'vitest';
import type { AppEffects } from '../../src/screens/effects';
import type { ActionRequest } from '../../src/actions/types';
import { COMMAND_IDS, COMMANDS } from '../../src/keys/commands';
import { DEFAULT_KEYMAP } from '../../src/keys/keymap';
import { Store } from '../../src/state/store';
import { helpPages } from '../helpers/help';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';
import { QUEUE, locksSnapshot } from '../unit/locks/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

/** Effects that record every call; `act` records the requests it would have carried out. */
function recordingEffects(acted: ActionRequest[]): AppEffects {
  return new Proxy({} as AppEffects, {
    get(_t, prop) {
      if (prop === 'act') return (req: ActionRequest) => void acted.push(req);
      if (prop === 'copy') return () => 'copied';
      return () => undefined;
    },
  });
}

async function start(readOnly: boolean, acted: ActionRequest[]) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(locksSnapshot(QUEUE));
  app = await renderApp({ store, columns: 120, props: { readOnly, effects: recordingEffects(acted) } });
  return app;
}

const ALL_KEYS = [...new Set(COMMAND_IDS.flatMap((id) => DEFAULT_KEYMAP[id].map((_, i) => [id, i] as const)).map(([id, i]) => `${id}#${i}`))].map((s) => {
  const [id, i] = s.split('#');
  return { id: id as (typeof COMMAND_IDS)[number], which: Number(i) };
});

describe('read-only mode', () => {
  it.each(['activity', 'locks'])('cannot signal from the %s pane by any key, nor open a confirmation', async (screen) => {
    const acted: ActionRequest[] = [];
    const a = await start(true, acted);
    for (const { id, which } of ALL_KEYS) {
      a.store.dispatch({ type: 'screen', id: screen });
      // Something to act on: the heaviest root, and a tag on it.
      a.store.dispatch({ type: 'tag', screen, key: screen === 'locks' ? QUEUE[0]!.key : `${QUEUE[0]!.pid}:${QUEUE[0]!.backendStart}` });
      await a.pressKey(DEFAULT_KEYMAP[id][which]!);
      // Whatever the key opened, a `y` right after it must not confirm anything either.
      await a.pressKey('y');
      expect(a.store.get().ui.modals.some((m) => m.kind === 'confirm'), `${id} opened a confirmation`).toBe(false);
      a.store.dispatch({ type: 'untag', screen });
    }
    expect(acted).toEqual([]);
  });

  it('says "read-only" for C and K, and hides the actions from the footer and help', async () => {
    const acted: ActionRequest[] = [];
    const a = await start(true, acted);
    await a.press('screen.locks');
    let f = await a.waitFor((f) => f.includes('└─201'));
    expect(f).not.toMatch(/K:terminate|C:cancel/);
    expect(f).not.toContain('read-only'); // the refusal below is the key's own
    await a.press('backend.terminate');
    f = await a.waitFor((f) => f.includes('read-only'));
    expect(f).toContain('READ-ONLY');
    // K's refusal says the same and stays: wait for C's own.
    const kRefusal = a.store.get().ui.toast;
    await a.press('backend.cancel');
    await a.waitFor((f) => a.store.get().ui.toast !== kRefusal && f.includes('read-only: actions on the server are disabled'));
    // The whole help, however long the command table grows.
    const help = (await helpPages(a)).join('\n');
    expect(help).toContain('Tag / untag');
    for (const id of COMMAND_IDS.filter((c) => (COMMANDS[c] as { dangerous?: boolean }).dangerous)) expect(help).not.toContain(COMMANDS[id].description.slice(0, 30));
    expect(acted).toEqual([]);
  });

  it('lists the actions and the audit log in help when not read-only', async () => {
    const a = await start(false, []);
    a.unmount();
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(locksSnapshot(QUEUE));
    app = await renderApp({ store, columns: 120, props: { effects: recordingEffects([]), helpNotes: ['Cancel (C) and terminate (K) are logged to /x/audit.jsonl'] } });
    await app.press('screen.locks');
    const f = await app.waitFor((f) => f.includes('K:terminate'));
    expect(f).toContain('t:tag');
    const help = (await helpPages(app)).join('\n');
    expect(help).toContain(COMMANDS['backend.terminate'].description.slice(0, 40));
    expect(help).toContain('/x/audit.jsonl');
  });
});
