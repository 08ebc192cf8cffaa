import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/text/width';
import {
  ASCII_GLYPHS,
  ctypeLocale,
  detectTerminal,
  glyphs,
  UNICODE_GLYPHS,
  type Glyphs,
  type TerminalEnv,
  type TerminalOptions,
} from '../../../src/text/terminal';

const UTF8 = { LANG: 'en_US.UTF-8', TERM: 'xterm-256color' };

describe('detectTerminal', () => {
  it.each<[string, TerminalEnv, TerminalOptions, { color: boolean; unicode: boolean }]>([
    ['a UTF-8 terminal', UTF8, { isTTY: true }, { color: true, unicode: true }],
    ['TTY unknown counts as a terminal', UTF8, {}, { color: true, unicode: true }],
    ['NO_COLOR set', { ...UTF8, NO_COLOR: '1' }, {}, { color: false, unicode: true }],
    ['NO_COLOR set to anything', { ...UTF8, NO_COLOR: 'false' }, {}, { color: false, unicode: true }],
    ['NO_COLOR empty is ignored', { ...UTF8, NO_COLOR: '' }, {}, { color: true, unicode: true }],
    ['--no-color', UTF8, { noColorFlag: true }, { color: false, unicode: true }],
    ['TERM=dumb', { ...UTF8, TERM: 'dumb' }, {}, { color: false, unicode: true }],
    ['not a TTY', UTF8, { isTTY: false }, { color: false, unicode: true }],
    ['--ascii', UTF8, { asciiFlag: true }, { color: true, unicode: false }],
    ['no locale at all (C)', { TERM: 'xterm' }, {}, { color: true, unicode: false }],
    ['POSIX locale', { LANG: 'C' }, {}, { color: true, unicode: false }],
    ['C.UTF-8', { LANG: 'C.UTF-8' }, {}, { color: true, unicode: true }],
    ['lower-case utf8', { LANG: 'de_DE.utf8' }, {}, { color: true, unicode: true }],
    ['Latin-1 locale', { LANG: 'de_DE.ISO-8859-1' }, {}, { color: true, unicode: false }],
    ['LC_ALL wins over LANG', { LC_ALL: 'C', LANG: 'en_US.UTF-8' }, {}, { color: true, unicode: false }],
    ['LC_CTYPE wins over LANG', { LC_CTYPE: 'en_US.UTF-8', LANG: 'C' }, {}, { color: true, unicode: true }],
    ['LC_ALL wins over LC_CTYPE', { LC_ALL: 'en_US.UTF-8', LC_CTYPE: 'C' }, {}, { color: true, unicode: true }],
    ['empty LC_ALL is skipped', { LC_ALL: '', LC_CTYPE: 'ja_JP.UTF-8' }, {}, { color: true, unicode: true }],
  ])('%s', (_name, env, opts, expected) => {
    expect(detectTerminal(env, opts)).toEqual(expected);
  });

  it('takes the first non-empty of LC_ALL, LC_CTYPE, LANG', () => {
    expect(ctypeLocale({ LC_ALL: '', LC_CTYPE: '', LANG: 'fr_FR.UTF-8' })).toBe('fr_FR.UTF-8');
    expect(ctypeLocale({})).toBe('');
  });
});

describe('glyphs', () => {
  it('chooses the set by the unicode flag', () => {
    expect(glyphs(true)).toBe(UNICODE_GLYPHS);
    expect(glyphs(false)).toBe(ASCII_GLYPHS);
    expect(glyphs(true).treeBranch).toBe('├─ ');
    expect(glyphs(false).treeLast).toBe('`- ');
    expect(glyphs(false).ellipsis).toBe('~');
    expect(glyphs(true).sortDesc).toBe('▼');
  });

  /** Every string glyph of a set, by path, so the two sets can be compared entry by entry. */
  function entries(g: Glyphs): [string, string][] {
    const out: [string, string][] = [];
    const walk = (prefix: string, value: unknown): void => {
      if (typeof value === 'string') out.push([prefix, value]);
      else for (const [k, v] of Object.entries(value as object)) walk(prefix ? `${prefix}.${k}` : k, v);
    };
    walk('', g);
    return out;
  }

  it('ASCII set is printable ASCII only', () => {
    for (const [name, value] of entries(ASCII_GLYPHS)) expect(value, name).toMatch(/^[\x20-\x7e]+$/);
  });

  it('each ASCII glyph takes the cells of its Unicode counterpart, so layouts do not shift', () => {
    const ascii = new Map(entries(ASCII_GLYPHS));
    const unicode = entries(UNICODE_GLYPHS);
    expect(unicode.map(([k]) => k).sort()).toEqual([...ascii.keys()].sort());
    for (const [name, value] of unicode) expect(displayWidth(ascii.get(name)!), name).toBe(displayWidth(value));
  });

  it('has eight sparkline levels in both sets', () => {
    expect(UNICODE_GLYPHS.spark).toHaveLength(8);
    expect(ASCII_GLYPHS.spark).toHaveLength(8);
  });
});
