import { describe, expect, it } from 'vitest';
import { terminalSafeJson } from '../../../src/text/json';

/** Code points a terminal or a text view may obey or hide, beyond the C0 controls JSON escapes itself. */
const HOSTILE = [
  '\u0085', '\u009b', '\u009c', '\u009d', '\u009f', // C1 (NEL, CSI, ST, OSC, APC)
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', // bidi
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\ufeff', '\u2060', // zero width, marks, BOM, joiner
  '\u2028', '\u2029', '\u00ad', '\u061c',
];

describe('terminalSafeJson', () => {
  it.each(HOSTILE.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('escapes %s as \\uXXXX like ESC', (_, c) => {
    const value = { database: `d${c}b`, nested: [`x${c}`] };
    const text = terminalSafeJson(value, 2);
    expect(text).not.toContain(c);
    expect(text).toContain(`\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('keeps what JSON.stringify already escapes, and everything visible, unchanged', () => {
    const value = { esc: '\x1b]0;pwned\x07', text: 'café 表格 👍', n: 1.5, nul: null };
    expect(terminalSafeJson(value)).toBe(JSON.stringify(value));
    expect(terminalSafeJson(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  it('escapes an astral format character (a tag) as its surrogate pair, and round-trips', () => {
    const value = ['\u{e0041}x'];
    const text = terminalSafeJson(value);
    expect(text).toBe('["\\udb40\\udc41x"]');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('leaves no code point from U+0080 to U+FFFF that the sanitizer would mark', () => {
    const all: string[] = [];
    for (let cp = 0x80; cp <= 0xffff; cp++) if (cp < 0xd800 || cp > 0xdfff) all.push(String.fromCharCode(cp));
    const text = terminalSafeJson(all);
    expect(text).not.toMatch(/[\u0080-\u009f\p{Cf}\p{Zl}\p{Zp}]/u);
    expect(JSON.parse(text)).toEqual(all);
  });
});
