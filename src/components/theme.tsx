/**
 * Colour and glyphs in one context: NO_COLOR / --no-color turn colour off (selection stays visible
 * through inverse video and a pointer), and a non-UTF-8 locale switches every glyph to ASCII.
 */
import React, { createContext, useContext } from 'react';

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
}

export const UNICODE_GLYPHS: Glyphs = {
  ellipsis: '…',
  sortAsc: '▲',
  sortDesc: '▼',
  pointer: '▶',
  dash: '—',
  hline: '─',
  treeMid: '├─',
  treeLast: '└─',
  treePipe: '│ ',
  bullet: '•',
};

export const ASCII_GLYPHS: Glyphs = {
  ellipsis: '~',
  sortAsc: '^',
  sortDesc: 'v',
  pointer: '>',
  dash: '-',
  hline: '-',
  treeMid: '|-',
  treeLast: '`-',
  treePipe: '| ',
  bullet: '*',
};

export interface Theme {
  color: boolean;
  unicode: boolean;
  glyphs: Glyphs;
  tone(t: Tone): string | undefined;
}

const TONES: Record<Tone, string> = { ok: 'green', warn: 'yellow', bad: 'red', info: 'cyan', muted: 'gray' };

export function makeTheme(opts: { color: boolean; unicode: boolean }): Theme {
  return {
    color: opts.color,
    unicode: opts.unicode,
    glyphs: opts.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS,
    tone: (t) => (opts.color ? TONES[t] : undefined),
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
