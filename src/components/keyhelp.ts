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
export function helpGroups(
  keymap: Record<CommandId, readonly KeySpec[]>,
  opts: { readOnly: boolean; ascii: boolean; /** Why a command cannot run now on the screen under help. */ disabled?: (id: CommandId) => string | undefined },
): HelpGroup[] {
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
      const why = opts.disabled?.(id);
      entries.push({ id, keys: keymap[id].map(show).join(' '), description: why ? `${c.description} (not now: ${why})` : c.description });
    }
    if (entries.length) out.push({ group, entries });
  }
  return out;
}

/** Commands the footer always shows when their scope is active: a new user must find help and the way out. */
const PINNED: readonly CommandId[] = ['app.help', 'app.quit'];

export interface FooterItem {
  key: string;
  label: string;
  /** Kept when the line is too narrow for every item. */
  pinned?: boolean;
}

type Keymap = Record<CommandId, readonly KeySpec[]>;
type Labels = Partial<Record<CommandId, string | null>>;
type Candidate = { id: CommandId; item: FooterItem };
const kept = new WeakMap<Keymap, Map<string, readonly Candidate[]>>();

/** The command each key reaches in these scopes: what `resolve` answers, for every key at once. */
function keyOwners(keymap: Keymap, scopes: readonly Scope[]): ReadonlyMap<KeySpec, CommandId> {
  const map = new Map<KeySpec, CommandId>();
  // resolve's order: the first scope that binds the key, then the keymap's order of commands.
  for (const scope of scopes) {
    for (const id of Object.keys(keymap) as CommandId[]) {
      if (COMMANDS[id].scope !== scope) continue;
      for (const k of keymap[id]) if (!map.has(k)) map.set(k, id);
    }
  }
  return map;
}

/** Every item the footer may show in these scopes, in its order, before what is unavailable now is left out. */
function candidates(keymap: Keymap, scopes: readonly Scope[], ascii: boolean, readOnly: boolean, labels?: Labels): readonly Candidate[] {
  const show = ascii ? displayKeyAscii : displayKey;
  const items: Candidate[] = [];
  const pinned: Candidate[] = [];
  const owner = keyOwners(keymap, scopes);
  for (const scope of scopes) {
    for (const id of COMMAND_IDS) {
      const c: { scope: Scope; short?: string; dangerous?: boolean } = COMMANDS[id];
      // A screen shown on its own may name a command otherwise, or leave it out (null).
      const short = labels && id in labels ? labels[id] : c.short;
      if (c.scope !== scope || !short) continue;
      if (readOnly && c.dangerous) continue;
      const k = keymap[id].find((key) => owner.get(key) === id);
      if (!k) continue;
      if (PINNED.includes(id)) pinned.push({ id, item: { key: show(k), label: short, pinned: true } });
      else items.push({ id, item: { key: show(k), label: short } });
    }
  }
  return [...items, ...pinned];
}

/**
 * Footer items for the active scopes, in scope priority order, each command once, pinned ones
 * last. A command shows the first of its keys that reaches it now: in the query viewer `q` closes
 * the window, so quitting shows as Ctrl+C there, never as a `q` that would not quit. The footer is
 * drawn every refresh and keymaps are fixed: what the items can be is worked out once per keymap,
 * scope set and mode, and only what cannot run now is left out each time.
 */
export function footerItems(
  keymap: Keymap,
  scopes: readonly Scope[],
  opts: {
    ascii: boolean;
    readOnly: boolean;
    labels?: Labels;
    /** Set for a command that cannot run now (no row selected, nothing here owns it): its key is left out. */
    unavailable?: (id: CommandId) => string | undefined;
  },
): FooterItem[] {
  let all: readonly Candidate[] | undefined;
  if (opts.labels) all = candidates(keymap, scopes, opts.ascii, opts.readOnly, opts.labels);
  else {
    let perKey = kept.get(keymap);
    if (!perKey) kept.set(keymap, (perKey = new Map()));
    const key = `${opts.ascii} ${opts.readOnly} ${scopes.join(' ')}`;
    all = perKey.get(key);
    if (!all) perKey.set(key, (all = candidates(keymap, scopes, opts.ascii, opts.readOnly)));
  }
  const out: FooterItem[] = [];
  for (const c of all) if (!opts.unavailable?.(c.id)) out.push(c.item);
  return out;
}
