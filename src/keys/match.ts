/**
 * Turns what ink's useInput reports into a key name, and a key name into the command bound to it in
 * the active scopes. Pure, so key handling is tested without a terminal.
 */
import { COMMANDS, type CommandId, type Scope } from './commands';
import type { KeySpec } from './keymap';

/** The subset of ink's Key we read. */
export interface InkKey {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

const NAMED = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'escape', 'tab', 'backspace', 'delete', 'space']);

/** Whether a KeySpec is well formed. */
export function isValidKeySpec(k: KeySpec): boolean {
  const base = k.startsWith('ctrl+') ? k.slice(5) : k;
  if (NAMED.has(base)) return true;
  return [...base].length === 1;
}

/** The canonical name of a keypress, e.g. `q`, `G`, `ctrl+c`, `up`, `enter`. */
export function keyName(input: string, key: InkKey): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input && [...input].length === 1) return input;
  return undefined;
}

/**
 * The command a key triggers. `scopes` are in priority order (the top of the modal stack first);
 * the first scope with a binding wins, so a dialog's Escape shadows everything under it.
 */
export function resolve(keymap: Record<CommandId, readonly KeySpec[]>, scopes: readonly Scope[], name: string): CommandId | undefined {
  for (const scope of scopes) {
    for (const id of Object.keys(keymap) as CommandId[]) {
      if (COMMANDS[id].scope === scope && keymap[id].includes(name)) return id;
    }
  }
  return undefined;
}

/** Human form of a key for help and footer: `Ctrl+C`, `Enter`, `Space`, `?`. */
export function displayKey(k: KeySpec): string {
  const ctrl = k.startsWith('ctrl+');
  const base = ctrl ? k.slice(5) : k;
  const names: Record<string, string> = {
    up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
    enter: 'Enter', escape: 'Esc', tab: 'Tab', backspace: 'Bksp', delete: 'Del', space: 'Space',
  };
  const shown = names[base] ?? base;
  return ctrl ? `Ctrl+${shown.toUpperCase()}` : shown;
}

/** ASCII-only form of {@link displayKey} for terminals without UTF-8. */
export function displayKeyAscii(k: KeySpec): string {
  return displayKey(k).replace('↑', 'Up').replace('↓', 'Down').replace('←', 'Left').replace('→', 'Right');
}
