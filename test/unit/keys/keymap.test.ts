import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_IDS, type CommandId, type Scope } from '../../../src/keys/commands';
import { DEFAULT_KEYMAP } from '../../../src/keys/keymap';
import { isValidKeySpec, keyName, resolve } from '../../../src/keys/match';
import { activeScopes, initialUi, type Modal } from '../../../src/state/ui';
import { SCREENS } from '../../../src/screens/registry';
import { buildRequest } from '../../../src/actions/request';
import { trusted } from '../../../src/text/sanitize';

describe('keymap integrity', () => {
  it('binds every command to at least one valid key', () => {
    for (const id of COMMAND_IDS) {
      expect(DEFAULT_KEYMAP[id]?.length, id).toBeGreaterThan(0);
      for (const k of DEFAULT_KEYMAP[id]) expect(isValidKeySpec(k), `${id}: ${k}`).toBe(true);
    }
  });

  /** Every stack of scopes the App can have: each screen, with each kind of window on top, and a checklist fix awaiting confirmation. */
  function allStacks(): { where: string; scopes: Scope[] }[] {
    const ui = initialUi();
    const windows: Modal[] = [
      { kind: 'help', scroll: 0 },
      { kind: 'viewer', title: trusted(''), text: trusted(''), raw: '', scroll: 0 },
      { kind: 'prompt', purpose: 'filter', table: 'activity', value: '' },
      { kind: 'confirm', request: buildRequest('cancel', [], { screen: 'activity' }) },
      { kind: 'problems', selected: null },
    ];
    const out: { where: string; scopes: Scope[] }[] = [];
    for (const s of SCREENS) {
      const screenUi = { ...ui, screen: s.id };
      out.push({ where: s.id, scopes: activeScopes(screenUi) });
      for (const m of windows) out.push({ where: `${s.id} + ${m.kind}`, scopes: activeScopes({ ...screenUi, modals: [m] }) });
    }
    return out;
  }

  it('examines every scope a command is bound in', () => {
    const examined = new Set(allStacks().flatMap((s) => s.scopes));
    const bound = new Set(COMMAND_IDS.map((id) => COMMANDS[id].scope));
    for (const scope of bound) expect(examined.has(scope), `scope ${scope} is never active`).toBe(true);
  });

  it('never binds one key twice in scopes that are active together', () => {
    for (const { where, scopes } of allStacks()) {
      // Within one scope a key must be unique; across scopes the higher one shadows on purpose.
      for (const scope of scopes) {
        const seen = new Map<string, string>();
        for (const id of COMMAND_IDS) {
          if (COMMANDS[id].scope !== scope) continue;
          for (const k of DEFAULT_KEYMAP[id]) {
            expect(seen.get(k), `${where}: ${k} bound to ${seen.get(k)} and ${id} in ${scope}`).toBeUndefined();
            seen.set(k, id);
          }
        }
      }
    }
  });

  it('shadows a key of a lower scope only where that is meant', () => {
    // Each line: the key, the command that takes it, the one it hides, and why that is right.
    const MEANT = new Set([
      '! problems.close app.problems', // a second ! closes the list
      'q problems.close app.quit', // q closes the window, Ctrl+C still quits
      'q modal.close app.quit',
      'space viewer.pageDown app.pause', // as in less
      '< plan.fold sort.prev', // the plan tree has no columns: left / right fold and unfold
      'left plan.fold sort.prev',
      '> plan.unfold sort.next',
      'right plan.unfold sort.next',
    ]);
    const found = new Set<string>();
    for (const { scopes } of allStacks()) {
      const owner = new Map<string, CommandId>();
      for (const scope of scopes)
        for (const id of COMMAND_IDS) {
          if (COMMANDS[id].scope !== scope) continue;
          for (const k of DEFAULT_KEYMAP[id]) {
            const o = owner.get(k);
            if (o && COMMANDS[o].scope !== scope) found.add(`${k} ${o} ${id}`);
            else owner.set(k, id);
          }
        }
    }
    expect([...found].sort()).toEqual([...MEANT].sort());
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
