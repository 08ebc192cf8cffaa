/**
 * Help and footer text generated from the command table and the keymap: the same data the key
 * dispatcher uses, so what is shown is what works.
 */
import { COMMANDS, COMMAND_IDS, type CommandId, type Group, type Scope } from '../keys/commands';
import { displayKey, displayKeyAscii } from '../keys/match';
import type { KeySpec } from '../keys/keymap';

export interface HelpEntry {
  id: CommandId;
  keys: string;
  description: string;
}

export interface HelpGroup {
  group: Group;
  entries: HelpEntry[];
}

const GROUP_ORDER: Group[] = ['General', 'Screens', 'Navigation', 'Sorting & filtering', 'Activity', 'Query viewer', 'Backend actions'];

/** Help sections. Dangerous commands are left out under --read-only: they do not exist there. */
export function helpGroups(keymap: Record<CommandId, readonly KeySpec[]>, opts: { readOnly: boolean; ascii: boolean }): HelpGroup[] {
  const show = opts.ascii ? displayKeyAscii : displayKey;
  const out: HelpGroup[] = [];
  // Known groups first, then any other in the order the command table introduces it: a pane that
  // adds a group can never have its keys missing from help.
  const order = [...GROUP_ORDER, ...COMMAND_IDS.map((id) => COMMANDS[id].group).filter((g, i, all) => !GROUP_ORDER.includes(g) && all.indexOf(g) === i)];
  for (const group of order) {
    const entries: HelpEntry[] = [];
    for (const id of COMMAND_IDS) {
      const c = COMMANDS[id];
      if (c.group !== group) continue;
      if (opts.readOnly && 'dangerous' in c && c.dangerous) continue;
      if (c.scope === 'help' || c.scope === 'prompt') continue;
      entries.push({ id, keys: keymap[id].map(show).join(' '), description: c.description });
    }
    if (entries.length) out.push({ group, entries });
  }
  return out;
}

/** Footer items for the active scopes, in scope priority order, each command once. */
export function footerItems(
  keymap: Record<CommandId, readonly KeySpec[]>,
  scopes: readonly Scope[],
  opts: { ascii: boolean; readOnly: boolean },
): { key: string; label: string }[] {
  const show = opts.ascii ? displayKeyAscii : displayKey;
  const items: { key: string; label: string }[] = [];
  for (const scope of scopes) {
    for (const id of COMMAND_IDS) {
      const c: { scope: Scope; short?: string; dangerous?: boolean } = COMMANDS[id];
      if (c.scope !== scope || !c.short) continue;
      if (opts.readOnly && c.dangerous) continue;
      const k = keymap[id][0];
      if (k) items.push({ key: show(k), label: c.short });
    }
  }
  return items;
}
