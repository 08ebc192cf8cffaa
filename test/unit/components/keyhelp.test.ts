/**
 * The footer finds the key that reaches each command from a table of key owners kept per keymap and
 * scope set (it runs every frame): it must show exactly the keys `resolve`, the dispatcher, acts on.
 */
import { describe, expect, it } from 'vitest';
import { footerItems } from '../../../src/components/keyhelp';
import { COMMANDS, COMMAND_IDS, type CommandId, type Scope } from '../../../src/keys/commands';
import { DEFAULT_KEYMAP, type KeySpec } from '../../../src/keys/keymap';
import { displayKey, resolve } from '../../../src/keys/match';
import { SCREENS } from '../../../src/screens/registry';
import type { ScreenContext } from '../../../src/screens/types';
import { Store } from '../../../src/state/store';
import { activeScopes, initialUi } from '../../../src/state/ui';

/** The footer's keys as the dispatcher sees them: for each command, its first key that resolves to it. */
function expected(keymap: Record<CommandId, readonly KeySpec[]>, scopes: readonly Scope[]): string[] {
  const keys: string[] = [];
  const pinned: string[] = [];
  for (const scope of scopes)
    for (const id of COMMAND_IDS) {
      const c: { scope: Scope; short?: string } = COMMANDS[id];
      if (c.scope !== scope || !c.short) continue;
      const k = keymap[id].find((key) => resolve(keymap, scopes, key) === id);
      if (k) (id === 'app.help' || id === 'app.quit' ? pinned : keys).push(displayKey(k));
    }
  return [...keys, ...pinned];
}

const scopeSets = (): Scope[][] => {
  const sets: Scope[][] = [];
  for (const s of SCREENS) {
    const ctx = { state: new Store(initialUi({ screen: s.id })).get() } as ScreenContext;
    const base = activeScopes(ctx.state.ui);
    sets.push([...(s.scopes?.(ctx) ?? []), ...base], base, [...base].reverse());
  }
  return sets;
};

describe('footer keys', () => {
  it('are the keys the dispatcher resolves, in every scope set and order', () => {
    for (const scopes of scopeSets()) {
      const shown = footerItems(DEFAULT_KEYMAP, scopes, { ascii: false, readOnly: false }).map((i) => i.key);
      expect(shown, scopes.join(',')).toEqual(expected(DEFAULT_KEYMAP, scopes));
    }
  });

  it('follow a keymap where one key is bound twice: the first scope that binds it wins', () => {
    const keymap = { ...DEFAULT_KEYMAP, 'app.help': ['x'], 'activity.toggleIdle': ['x', ...DEFAULT_KEYMAP['activity.toggleIdle']] } as Record<CommandId, readonly KeySpec[]>;
    for (const scopes of [['activity', 'global'], ['global', 'activity']] as Scope[][]) {
      const shown = footerItems(keymap, scopes, { ascii: false, readOnly: false }).map((i) => i.key);
      expect(shown, scopes.join(',')).toEqual(expected(keymap, scopes));
    }
  });
  it('are kept per mode: ASCII, read-only and what cannot run now each give their own items', () => {
    const scopes: Scope[] = ['backends', 'activity', 'table', 'global'];
    const all = footerItems(DEFAULT_KEYMAP, scopes, { ascii: false, readOnly: false });
    const ascii = footerItems(DEFAULT_KEYMAP, scopes, { ascii: true, readOnly: false });
    expect(ascii.map((i) => i.key).join('')).toMatch(/^[\x20-\x7e]*$/);
    const readOnly = footerItems(DEFAULT_KEYMAP, scopes, { ascii: false, readOnly: true }).map((i) => i.label);
    const dangerous = COMMAND_IDS.filter((id) => (COMMANDS[id] as { dangerous?: boolean }).dangerous).map((id) => (COMMANDS[id] as { short?: string }).short);
    expect(readOnly.filter((l) => dangerous.includes(l))).toEqual([]);
    expect(all.some((i) => dangerous.includes(i.label))).toBe(true);
    const without = footerItems(DEFAULT_KEYMAP, scopes, { ascii: false, readOnly: false, unavailable: (id) => (id === 'app.help' ? 'no' : undefined) });
    expect(without.length).toBe(all.length - 1);
    expect(footerItems(DEFAULT_KEYMAP, scopes, { ascii: false, readOnly: false })).toEqual(all);
  });
});
