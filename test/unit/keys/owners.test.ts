import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, APP_SCOPES, OWNED_OUTSIDE } from '../../../src/appCommands';
import { COMMANDS, COMMAND_IDS, type CommandId, type Scope } from '../../../src/keys/commands';
import { SCREENS } from '../../../src/screens/registry';
import type { ScreenContext } from '../../../src/screens/types';
import { Store } from '../../../src/state/store';
import { activeScopes, initialUi } from '../../../src/state/ui';

const scopeOf = (id: CommandId): Scope => COMMANDS[id].scope;

describe('one owner per command', () => {
  it('gives the App the commands of its scopes and nothing else', () => {
    for (const id of Object.keys(APP_COMMANDS) as CommandId[]) expect(APP_SCOPES.has(scopeOf(id)), id).toBe(true);
    for (const id of COMMAND_IDS) if (APP_SCOPES.has(scopeOf(id)) && !OWNED_OUTSIDE.has(id)) expect(APP_COMMANDS[id], `${id} has no handler in the App`).toBeDefined();
  });

  it('gives a screen only commands of scopes active on it, never one of the App', () => {
    for (const s of SCREENS) {
      const ctx = { state: new Store(initialUi({ screen: s.id })).get() } as ScreenContext;
      // A screen's own extra scopes count as active on it.
      const active = new Set<Scope>([...activeScopes(ctx.state.ui), ...(s.scopes?.(ctx) ?? [])]);
      for (const id of Object.keys(s.commands) as CommandId[]) {
        expect(APP_SCOPES.has(scopeOf(id)), `${s.id} handles the App's ${id}`).toBe(false);
        expect(active.has(scopeOf(id)), `${s.id} handles ${id} of scope ${scopeOf(id)}, never active there`).toBe(true);
      }
    }
  });

  it('leaves no command of a screen scope without its screen handling it', () => {
    for (const id of COMMAND_IDS) {
      const scope = scopeOf(id);
      if (APP_SCOPES.has(scope) || OWNED_OUTSIDE.has(id)) continue;
      const owners = SCREENS.filter((s) => s.commands[id]);
      expect(owners.length, `${id} is handled by no screen`).toBeGreaterThan(0);
      // A screen's own scope is handled by that screen only; shared scopes (table, backends) by each screen showing them.
      const own = SCREENS.find((s) => s.id === scope);
      if (own) expect(owners.map((s) => s.id), id).toEqual([own.id]);
      if (scope === 'backends') expect(owners.map((s) => s.id).sort(), id).toEqual(['activity', 'locks']);
    }
  });
});
