import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_IDS, type Scope } from '../../../src/keys/commands';
import { DEFAULT_KEYMAP } from '../../../src/keys/keymap';
import { isValidKeySpec, keyName, resolve } from '../../../src/keys/match';
import { activeScopes, initialUi } from '../../../src/state/ui';
import { trusted } from '../../../src/text/sanitize';

describe('keymap integrity', () => {
  it('binds every command to at least one valid key', () => {
    for (const id of COMMAND_IDS) {
      expect(DEFAULT_KEYMAP[id]?.length, id).toBeGreaterThan(0);
      for (const k of DEFAULT_KEYMAP[id]) expect(isValidKeySpec(k), `${id}: ${k}`).toBe(true);
    }
  });

  it('never binds one key twice in scopes that are active together', () => {
    const ui = initialUi();
    const stacks: Scope[][] = [
      activeScopes(ui),
      activeScopes({ ...ui, modals: [{ kind: 'help', scroll: 0 }] }),
      activeScopes({ ...ui, modals: [{ kind: 'viewer', title: trusted(''), text: trusted(''), raw: '', scroll: 0 }] }),
      activeScopes({ ...ui, modals: [{ kind: 'prompt', purpose: 'filter', table: 'activity', value: '' }] }),
    ];
    for (const scopes of stacks) {
      // Within one scope a key must be unique; across scopes the higher one shadows on purpose.
      for (const scope of scopes) {
        const seen = new Map<string, string>();
        for (const id of COMMAND_IDS) {
          if (COMMANDS[id].scope !== scope) continue;
          for (const k of DEFAULT_KEYMAP[id]) {
            expect(seen.get(k), `${k} bound to ${seen.get(k)} and ${id} in ${scope}`).toBeUndefined();
            seen.set(k, id);
          }
        }
      }
    }
  });

  it('resolves the conventional keys', () => {
    const main = activeScopes(initialUi());
    expect(resolve(DEFAULT_KEYMAP, main, 'q')).toBe('app.quit');
    expect(resolve(DEFAULT_KEYMAP, main, 'ctrl+c')).toBe('app.quit');
    expect(resolve(DEFAULT_KEYMAP, main, '?')).toBe('app.help');
    expect(resolve(DEFAULT_KEYMAP, main, 'h')).toBe('app.help');
    expect(resolve(DEFAULT_KEYMAP, main, '/')).toBe('filter.open');
    expect(resolve(DEFAULT_KEYMAP, main, 'space')).toBe('app.pause');
    expect(resolve(DEFAULT_KEYMAP, main, 'enter')).toBe('activity.openQuery');
    const viewer = activeScopes({ ...initialUi(), modals: [{ kind: 'viewer', title: trusted(''), text: trusted(''), raw: '', scroll: 0 }] });
    expect(resolve(DEFAULT_KEYMAP, viewer, 'q')).toBe('modal.close');
    expect(resolve(DEFAULT_KEYMAP, viewer, 'y')).toBe('query.copy');
  });

  it('names keypresses the way the keymap writes them', () => {
    expect(keyName('q', {})).toBe('q');
    expect(keyName('G', { shift: true })).toBe('G');
    expect(keyName('c', { ctrl: true })).toBe('ctrl+c');
    expect(keyName(' ', {})).toBe('space');
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { return: true })).toBe('enter');
    expect(keyName('', { escape: true })).toBe('escape');
    expect(keyName('', { pageDown: true })).toBe('pagedown');
  });
});
