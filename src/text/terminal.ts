/**
 * What the terminal can show: colour, and Unicode drawing characters or plain ASCII.
 * Pure: the environment and the flags come in as arguments so every rule is testable.
 */
import { trusted, type SafeText } from './sanitize';

/** Environment variables as `process.env` holds them. */
export type TerminalEnv = Readonly<Record<string, string | undefined>>;

export interface TerminalOptions {
  /** `--no-color` was given. */
  noColorFlag?: boolean;
  /** `--ascii` was given: draw with ASCII whatever the locale says. */
  asciiFlag?: boolean;
  /** Whether stdout is a terminal; colour is off when it is known not to be. */
  isTTY?: boolean;
}

export interface TerminalCaps {
  color: boolean;
  unicode: boolean;
}

/**
 * The locale that decides the character set: the first non-empty of LC_ALL, LC_CTYPE, LANG —
 * the order in which libc's setlocale() lets them override one another for LC_CTYPE.
 */
export function ctypeLocale(env: TerminalEnv): string {
  for (const name of ['LC_ALL', 'LC_CTYPE', 'LANG']) {
    const value = env[name];
    if (value) return value;
  }
  return '';
}

/**
 * Colour is off with `--no-color`, with NO_COLOR set to any non-empty value (no-color.org: an
 * empty NO_COLOR does not count), with TERM=dumb, and when output is not a terminal.
 * Unicode drawing needs a UTF-8 locale (`en_US.UTF-8`, `C.utf8` …); otherwise, including when no
 * locale is set (the C locale), everything is drawn with ASCII.
 */
export function detectTerminal(env: TerminalEnv, opts: TerminalOptions = {}): TerminalCaps {
  const color = !opts.noColorFlag && !env.NO_COLOR && env.TERM !== 'dumb' && opts.isTTY !== false;
  const unicode = !opts.asciiFlag && /utf-?8/i.test(ctypeLocale(env));
  return { color, unicode };
}

/** Border characters in the shape ink's `<Box borderStyle={…}>` accepts. */
export interface BorderGlyphs {
  topLeft: SafeText;
  top: SafeText;
  topRight: SafeText;
  right: SafeText;
  bottomRight: SafeText;
  bottom: SafeText;
  bottomLeft: SafeText;
  left: SafeText;
}

/** Every symbol the UI draws with, in one place so ASCII mode cannot miss one. */
export interface Glyphs {
  border: BorderGlyphs;
  /** Horizontal and vertical rules (separators, table column dividers). */
  horizontal: SafeText;
  vertical: SafeText;
  /** Tree drawing (lock chains, plan trees): a child, the last child, a continuing parent, nothing. */
  treeBranch: SafeText;
  treeLast: SafeText;
  treeParent: SafeText;
  treeSpace: SafeText;
  /** Ends text that was cut. */
  ellipsis: SafeText;
  /** Stands for a missing value (NULL, a rate after a counter reset). */
  dash: SafeText;
  /** Sort direction in a column header. */
  sortAsc: SafeText;
  sortDesc: SafeText;
  /** Marks the selected row. */
  selected: SafeText;
  /** Arrows for "leads to" (a blocker to its waiter, a primary to its standby). */
  arrowRight: SafeText;
  check: SafeText;
  cross: SafeText;
  bullet: SafeText;
  /**
   * Marks a figure past its warning / critical threshold. Plain `!` in both sets: the marker must
   * say it without colour (NO_COLOR) and without UTF-8, and it reads the same in a pasted screen.
   */
  alertWarn: SafeText;
  alertCritical: SafeText;
  /** Eight levels, lowest first, for sparklines. */
  spark: readonly SafeText[];
}

const t = trusted;

/** Box drawing and block elements: one cell each in non-CJK terminals. */
export const UNICODE_GLYPHS: Glyphs = Object.freeze({
  border: Object.freeze({
    topLeft: t('┌'),
    top: t('─'),
    topRight: t('┐'),
    right: t('│'),
    bottomRight: t('┘'),
    bottom: t('─'),
    bottomLeft: t('└'),
    left: t('│'),
  }),
  horizontal: t('─'),
  vertical: t('│'),
  treeBranch: t('├─ '),
  treeLast: t('└─ '),
  treeParent: t('│  '),
  treeSpace: t('   '),
  ellipsis: t('…'),
  dash: t('—'),
  sortAsc: t('▲'),
  sortDesc: t('▼'),
  selected: t('▶'),
  arrowRight: t('→'),
  check: t('✓'),
  cross: t('✗'),
  bullet: t('•'),
  alertWarn: t('!'),
  alertCritical: t('!!'),
  spark: Object.freeze(['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'].map(t)),
});

/** The same shapes in printable ASCII, the same width as their Unicode counterparts. */
export const ASCII_GLYPHS: Glyphs = Object.freeze({
  border: Object.freeze({
    topLeft: t('+'),
    top: t('-'),
    topRight: t('+'),
    right: t('|'),
    bottomRight: t('+'),
    bottom: t('-'),
    bottomLeft: t('+'),
    left: t('|'),
  }),
  horizontal: t('-'),
  vertical: t('|'),
  treeBranch: t('|- '),
  treeLast: t('`- '),
  treeParent: t('|  '),
  treeSpace: t('   '),
  ellipsis: t('~'),
  dash: t('-'),
  sortAsc: t('^'),
  sortDesc: t('v'),
  selected: t('>'),
  arrowRight: t('>'),
  check: t('+'),
  cross: t('x'),
  bullet: t('*'),
  alertWarn: t('!'),
  alertCritical: t('!!'),
  spark: Object.freeze(['_', '.', ',', ':', '-', '=', '+', '#'].map(t)),
});

/** The glyph set for the terminal: `glyphs(detectTerminal(env, opts).unicode)`. */
export function glyphs(unicode: boolean): Glyphs {
  return unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

/**
 * The ASCII fallback for the typographic characters of the program's own prose (help, titles,
 * checklist texts, messages): the glyph table's own pairs (— to -, ▶ to >, …) and the punctuation
 * the words use. A terminal in the C locale would show each as two or three bytes of garbage.
 * Prose may grow a little (… becomes ...): fold before wrapping or fitting, never after.
 */
const PROSE_ASCII: Readonly<Record<string, string>> = Object.freeze({
  '…': '...',
  '—': '-',
  '–': '-',
  '·': '-',
  '↑': '^',
  '↓': 'v',
  '←': '<-',
  '→': '->',
  '⇄': '<->',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '×': 'x',
  '≥': '>=',
  '≤': '<=',
  '≈': '~',
  '±': '+/-',
  '•': '*',
  '─': '-',
});

const FOLD_RE = new RegExp(`[${Object.keys(PROSE_ASCII).join('')}${[...new Set(Object.entries(UNICODE_GLYPHS).flatMap(([, v]) => (typeof v === 'string' ? [...v] : [])))].filter((c) => c > '\x7f').join('')}]`, 'g');

const GLYPH_ASCII: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(UNICODE_GLYPHS)) {
    const a = (ASCII_GLYPHS as unknown as Record<string, unknown>)[k];
    if (typeof v === 'string' && typeof a === 'string' && [...v].length === [...a].length) [...v].forEach((c, i) => (out[c] ??= [...a][i]!));
  }
  return out;
})();

/** `s` with every character of the table above replaced by its ASCII form. */
export function asciiFold<T extends string>(s: T): T {
  if (!/[^\x00-\x7f]/.test(s)) return s;
  return s.replace(FOLD_RE, (c) => PROSE_ASCII[c] ?? GLYPH_ASCII[c] ?? c) as T;
}
