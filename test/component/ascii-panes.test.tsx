/**
 * With LANG=C every screen draws through the glyph table's ASCII fallback: no character of
 * pgwarden's own text (dashes, ellipses, arrows, bullets) may be outside ASCII. The fixtures'
 * server values are ASCII, so any other character found is pgwarden's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandId } from '../../src/keys/commands';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';
import { QUEUE, locksSnapshot } from '../unit/locks/fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

const nonAscii = (f: string) => [...new Set([...f].filter((c) => c.charCodeAt(0) > 0x7e))].join('');

/** A step is a key, or a frame to wait for before the next key (the checklists load asynchronously). */
type Step = CommandId | ((f: string) => boolean);

async function ascii(steps: Step[], ready: (f: string) => boolean, size = { columns: 80, rows: 24 }) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(locksSnapshot(QUEUE));
  app = await renderApp({ store, unicode: false, ...size });
  for (const step of steps) {
    if (typeof step === 'function') await app.waitFor(step);
    else await app.press(step);
  }
  return app.waitFor(ready);
}

const listed = (f: string) => f.includes('Weekly maintenance');

describe('ASCII mode (LANG=C)', () => {
  it.each([
    ['activity', [] as Step[], (f: string) => f.includes('Activity')],
    ['locks', ['screen.locks'] as Step[], (f: string) => f.includes('blocking tree')],
    ['statements', ['screen.statements'] as Step[], (f: string) => f.includes('Statements')],
    ['help', ['app.help'] as Step[], (f: string) => f.includes('Help')],
    ['query viewer', ['activity.openQuery'] as Step[], (f: string) => f.includes('close')],
    ['checklists', ['screen.checklist'] as Step[], (f: string) => f.includes('Weekly maintenance')],
    ['a checklist', ['screen.checklist', listed, 'checklist.open'] as Step[], (f: string) => f.includes('1. [')],
  ])('%s draws only ASCII', async (_name, steps, ready) => {
    const f = await ascii(steps, ready);
    expect(nonAscii(f), f).toBe('');
  });

  it('a checklist step with its evidence, and the note prompt, draw only ASCII', async () => {
    const f0 = await ascii(['screen.checklist', listed, 'checklist.open'], (f) => f.includes('1. ['), { columns: 80, rows: 30 });
    expect(nonAscii(f0)).toBe('');
    await app!.press('checklist.followUp');
    const f = await app!.waitFor((f) => f.includes('Note on step'));
    expect(nonAscii(f), f).toBe('');
  });
});
