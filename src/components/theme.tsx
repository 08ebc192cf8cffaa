/**
 * Colour and glyphs in one context: NO_COLOR / --no-color turn colour off (selection stays visible
 * through inverse video and a pointer), and a non-UTF-8 locale switches every glyph to ASCII.
 */
import React, { createContext, useContext } from 'react';
import { asciiFold, glyphs as terminalGlyphs } from '../text/terminal';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export interface Glyphs {
  ellipsis: string;
  sortAsc: string;
  sortDesc: string;
  pointer: string;
  dash: string;
  hline: string;
  treeMid: string;
  treeLast: string;
  treePipe: string;
  bullet: string;
  alertWarn: string;
  alertCritical: string;
}

/**
 * The screen's glyphs, drawn from the one glyph table in src/text/terminal.ts (Unicode or ASCII,
 * each the same width), under the short names the components use.
 */
function themeGlyphs(unicode: boolean): Glyphs {
  const g = terminalGlyphs(unicode);
  return {
    ellipsis: g.ellipsis,
    sortAsc: g.sortAsc,
    sortDesc: g.sortDesc,
    pointer: g.selected,
    dash: g.dash,
    hline: g.horizontal,
    treeMid: g.treeBranch.trimEnd(),
    treeLast: g.treeLast.trimEnd(),
    treePipe: g.treeParent.slice(0, 2),
    bullet: g.bullet,
    alertWarn: g.alertWarn,
    alertCritical: g.alertCritical,
  };
}

const UNICODE = themeGlyphs(true);
const ASCII = themeGlyphs(false);

export interface Theme {
  color: boolean;
  unicode: boolean;
  glyphs: Glyphs;
  tone(t: Tone): string | undefined;
  /** Prose as this terminal can show it: typographic characters folded to ASCII without UTF-8. */
  text<T extends string>(s: T): T;
}

const TONES: Record<Tone, string> = { ok: 'green', warn: 'yellow', bad: 'red', info: 'cyan', muted: 'gray' };
/** On a light background yellow and cyan all but vanish: darker hues for the same meanings. */
const LIGHT_TONES: Record<Tone, string> = { ok: 'green', warn: 'magenta', bad: 'red', info: 'blue', muted: 'gray' };

export function makeTheme(opts: { color: boolean; unicode: boolean; light?: boolean }): Theme {
  const tones = opts.light ? LIGHT_TONES : TONES;
  return {
    color: opts.color,
    unicode: opts.unicode,
    glyphs: opts.unicode ? UNICODE : ASCII,
    tone: (t) => (opts.color ? tones[t] : undefined),
    text: opts.unicode ? (s) => s : asciiFold,
  };
}

const ThemeContext = createContext<Theme>(makeTheme({ color: true, unicode: true }));

export function ThemeProvider({ theme, children }: { theme: Theme; children: React.ReactNode }): React.ReactElement {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Terminal size, injected so tests can fix it and the App can follow resizes. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

const SizeContext = createContext<TerminalSize>({ columns: 80, rows: 24 });

export function SizeProvider({ size, children }: { size: TerminalSize; children: React.ReactNode }): React.ReactElement {
  return <SizeContext.Provider value={size}>{children}</SizeContext.Provider>;
}

export function useSize(): TerminalSize {
  return useContext(SizeContext);
}
