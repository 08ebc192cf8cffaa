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

const FUNCTION_KEYS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12'];
const NAMED = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'escape', 'tab', 'backspace', 'delete', 'space', ...FUNCTION_KEYS]);

// What terminals send for F1-F12: xterm (SS3 and CSI forms), rxvt / VT220, the Linux console.
const FUNCTION_SEQUENCES: Record<string, string> = {
  '\x1bOP': 'f1', '\x1bOQ': 'f2', '\x1bOR': 'f3', '\x1bOS': 'f4',
  '\x1b[11~': 'f1', '\x1b[12~': 'f2', '\x1b[13~': 'f3', '\x1b[14~': 'f4', '\x1b[15~': 'f5', '\x1b[17~': 'f6',
  '\x1b[18~': 'f7', '\x1b[19~': 'f8', '\x1b[20~': 'f9', '\x1b[21~': 'f10', '\x1b[23~': 'f11', '\x1b[24~': 'f12',
  '\x1b[[A': 'f1', '\x1b[[B': 'f2', '\x1b[[C': 'f3', '\x1b[[D': 'f4', '\x1b[[E': 'f5',
};

/**
 * The name of a function key from the bytes the terminal sent (`f1` … `f12`). ink's useInput
 * reports function keys as an empty input with no flag set, so the App reads them from the raw
 * sequence instead.
 */
export function functionKeyName(sequence: string): string | undefined {
  return FUNCTION_SEQUENCES[sequence];
}

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
  if (FUNCTION_KEYS.includes(base)) return base.toUpperCase();
  const shown = names[base] ?? base;
  return ctrl ? `Ctrl+${shown.toUpperCase()}` : shown;
}

/** ASCII-only form of {@link displayKey} for terminals without UTF-8. */
export function displayKeyAscii(k: KeySpec): string {
  return displayKey(k).replace('↑', 'Up').replace('↓', 'Down').replace('←', 'Left').replace('→', 'Right');
}

/**
 * Keys typed fast (or pasted, or sent by tmux) arrive as one chunk: split into the keys to handle
 * one by one, so `/` followed by text opens the filter and fills it.
 */
export function splitChunk(input: string, key: InkKey): [string, InkKey][] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || key.escape || key.return) return [[input, key]];
  const out: [string, InkKey][] = [];
  for (const ch of chars) {
    if (ch === '\r' || ch === '\n') out.push(['', { return: true }]);
    else if (ch === '\x7f' || ch === '\b') out.push(['', { backspace: true }]);
    else if (ch === '\t') out.push(['', { tab: true }]);
    else if (ch >= ' ') out.push([ch, {}]);
  }
  return out;
}
