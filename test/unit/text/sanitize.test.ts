import { describe, expect, it } from 'vitest';
import { isSafe, joinSafe, safe, safeLine, safeMsg, trusted } from '../../../src/text/sanitize';

/** What must never reach the terminal from server text, checked independently of the code under test. */
const C0_BUT_LF = /[\x00-\x09\x0b-\x1f]/;
const DEL_C1 = /[\x7f-\x9f]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const HIDDEN = /[\u2028\u2029\ufeff\ufffd\u200b\u2060\u00ad]/;
const LONE_SURROGATE = /\p{Cs}/u;

function expectHarmless(out: string, multiline: boolean): void {
  expect(out).not.toMatch(C0_BUT_LF);
  expect(out).not.toMatch(DEL_C1);
  expect(out).not.toMatch(BIDI);
  expect(out).not.toMatch(HIDDEN);
  expect(out).not.toMatch(LONE_SURROGATE);
  if (!multiline) expect(out).not.toContain('\n');
  expect(isSafe(out)).toBe(true);
}

describe('every code point of the BMP start, and samples above', () => {
  const samples: number[] = [];
  for (let cp = 0; cp <= 0x10ff; cp++) samples.push(cp);
  for (let cp = 0x1ff0; cp <= 0x20ff; cp++) samples.push(cp); // general punctuation: bidi, ZW*, separators
  for (let cp = 0xd800; cp <= 0xdfff; cp += 0x3f) samples.push(cp); // lone surrogates
  samples.push(0xdfff, 0xfe0f, 0xfeff, 0xfff9, 0xfffa, 0xfffb, 0xfffd, 0xfffe, 0xffff);
  for (let cp = 0xe0000; cp <= 0xe007f; cp++) samples.push(cp); // tag characters
  samples.push(0x1f600, 0x1f3f4, 0x1f1eb, 0x10ffff);

  it('leaves nothing a terminal would act on, alone or between letters', () => {
    for (const cp of samples) {
      const c = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      for (const input of [c, `a${c}b`, `${c}${c}`]) {
        expectHarmless(safe(input), true);
        expectHarmless(safeLine(input), false);
      }
    }
    // Over a million assertions: seconds on a busy 2-core machine, more than vitest's default 5 s.
  }, 120_000);

  it('is idempotent', () => {
    for (const cp of samples) {
      const c = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      const once = safe(`x${c}\ty`);
      expect(safe(once)).toBe(once);
      const line = safeLine(`x${c}\ty`);
      expect(safeLine(line)).toBe(line);
    }
  });
});

describe('known attack strings', () => {
  const attacks: [string, string, string][] = [
    ['OSC 0 title, BEL-terminated', '\x1b]0;pwned\x07', '^[]0;pwned^G'],
    ['OSC 2 title, ST-terminated', '\x1b]2;pwned\x1b\\', '^[]2;pwned^[\\'],
    ['OSC 52 clipboard write', '\x1b]52;c;cm0gLXJmIH4=\x07', '^[]52;c;cm0gLXJmIH4=^G'],
    ['OSC 8 hyperlink', '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', '^[]8;;https://evil.example^[\\click^[]8;;^[\\'],
    ['CSI 2J clear screen', '\x1b[2J\x1b[H', '^[[2J^[[H'],
    ['CSI colour', '\x1b[31mred\x1b[0m', '^[[31mred^[[0m'],
    ['cursor movement', 'ok\x1b[1A\x1b[2K\rfake', 'ok^[[1A^[[2K^Mfake'],
    ['DECSET alternate screen', '\x1b[?1049h', '^[[?1049h'],
    ['8-bit CSI', '\u009b2J', '<U+009B>2J'],
    ['C1-encoded OSC', '\u009d0;pwned\u009c', '<U+009D>0;pwned<U+009C>'],
    ['DCS', '\x1bPq#0;2;0;0;0\x1b\\', '^[Pq#0;2;0;0;0^[\\'],
    ['APC', '\x1b_Gf=100;AAAA\x1b\\', '^[_Gf=100;AAAA^[\\'],
    ['PM', '\x1b^secret\x1b\\', '^[^secret^[\\'],
    ['SOS', '\x1bXsos\x1b\\', '^[Xsos^[\\'],
    ['8-bit DCS/APC/PM/SOS', '\u0090q\u009c\u009fa\u009e\u0098', '<U+0090>q<U+009C><U+009F>a<U+009E><U+0098>'],
    ['bidi override (Trojan Source)', "/* \u202e } \u2066if (admin)\u2069 \u2066 */", '/* <U+202E> } <U+2066>if (admin)<U+2069> <U+2066> */'],
    ['bidi marks', 'a\u200fb\u200ec\u061cd', 'a<U+200F>b<U+200E>c<U+061C>d'],
    ['NUL, backspace overwrite, DEL', 'a\0b\x08\x08c\x7f', 'a^@b^H^Hc^?'],
    ['line separators', 'a\u2028b\u2029c', 'a<U+2028>b<U+2029>c'],
    ['zero width space in a name', 'users\u200b', 'users<U+200B>'],
    ['ZWJ between Latin letters', 'ad\u200dmin', 'ad<U+200D>min'],
    ['BOM in the middle', 'a\ufeffb', 'a<U+FEFF>b'],
    ['soft hyphen', 'pass\u00adword', 'pass<U+00AD>word'],
    ['tag characters without a flag', 'a\u{e0041}\u{e007f}', 'a<U+E0041><U+E007F>'],
    ['Hangul filler posing as nothing', 'ad\u3164min\uffa0', 'ad<U+3164>min<U+FFA0>'],
    ['lone surrogates', 'a\ud800b\udc00', 'a<U+D800>b<U+DC00>'],
    ['replacement character', 'caf\ufffd', 'caf<U+FFFD>'],
  ];

  it.each(attacks)('%s', (_name, input, shown) => {
    expect(safe(input)).toBe(shown);
    expectHarmless(safe(input), true);
    expectHarmless(safeLine(input), false);
    expect(safeLine(input)).not.toContain('\x1b');
  });
});

describe('bytes from the driver', () => {
  it.each([
    ['invalid lead bytes', [0xff, 0xfe, 0x41], '<U+FFFD><U+FFFD>A'],
    ['truncated multibyte', [0x61, 0xe2, 0x82], 'a<U+FFFD>'],
    ['overlong encoding of /', [0xc0, 0xaf], '<U+FFFD><U+FFFD>'],
    ['UTF-8-encoded surrogate', [0xed, 0xa0, 0x80], '<U+FFFD><U+FFFD><U+FFFD>'],
    ['ESC in bytes', [0x1b, 0x5b, 0x32, 0x4a], '^[[2J'],
    ['leading BOM is shown, not swallowed', [0xef, 0xbb, 0xbf, 0x41], '<U+FEFF>A'],
    ['valid UTF-8', [...Buffer.from('héllo 表')], 'héllo 表'],
  ])('%s', (_name, bytes, shown) => {
    expect(safe(Buffer.from(bytes))).toBe(shown);
    expect(safe(new Uint8Array(bytes))).toBe(shown);
  });
});

describe('text that must come through unchanged', () => {
  it.each([
    ['ASCII', 'SELECT count(*) FROM pg_stat_activity WHERE state = $1'],
    ['accented Latin', 'Crème brûlée, Ångström, Łódź'],
    ['decomposed accents', 'e\u0301te\u0301'],
    ['CJK', 'SELECT * FROM 顧客 WHERE 名前 = \'東京\''],
    ['Hangul', '한국어 텍스트'],
    ['Hebrew and Arabic without controls', 'שלום مرحبا'],
    ['emoji', '😀 🎉 ❤️'],
    ['emoji ZWJ family', '👨\u200d👩\u200d👧'],
    ['emoji ZWJ with skin tone and VS16', '👩🏽\u200d💻 🏳️\u200d🌈 ❤️\u200d🔥'],
    ['flags', '🇫🇷🇯🇵'],
    ['subdivision flag (tag sequence)', '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}'],
    ['keycap', '1️⃣'],
    ['Persian ZWNJ', 'می\u200cخواهم'],
    ['Devanagari ZWJ', 'क्\u200dष'],
    ['private use and symbols', '\ue0b0 ─│┌ …'],
  ])('%s', (_name, text) => {
    expect(safe(text)).toBe(text);
    expect(safeLine(text)).toBe(text);
    expect(isSafe(text)).toBe(true);
  });
});

describe('safe (multi-line)', () => {
  it.each([
    ['keeps line feeds', 'a\nb\n', 'a\nb\n'],
    ['CRLF becomes LF', 'a\r\nb', 'a\nb'],
    ['lone CR is shown', 'a\rb', 'a^Mb'],
    ['tab at the start', '\tx', '    x'],
    ['tab to the next stop', 'ab\tc', 'ab  c'],
    ['tab on a stop', 'abcd\te', 'abcd    e'],
    ['tab columns count per line', 'abc\n\tx', 'abc\n    x'],
    ['tab after a wide character', '表\tx', '表  x'],
    ['vertical tab and form feed', 'a\vb\fc', 'a^Kb^Lc'],
  ])('%s', (_name, input, shown) => {
    expect(safe(input)).toBe(shown);
  });
});

describe('safeLine (one cell)', () => {
  it.each([
    ['folds a multi-line statement', 'SELECT *\n  FROM t\r\n\tWHERE  x = 1\n', 'SELECT * FROM t WHERE x = 1'],
    ['trims', '   idle   ', 'idle'],
    ['whitespace only', ' \n\t ', ''],
    ['lone CR is whitespace here', 'a\rb', 'a b'],
    ['controls next to whitespace', ' \x1b \x07 ', '^[ ^G'],
    ['keeps non-ASCII spaces', 'a\u00a0b\u3000c', 'a\u00a0b\u3000c'],
  ])('%s', (_name, input, shown) => {
    expect(safeLine(input)).toBe(shown);
  });
});

describe('values that are not strings', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [12345678901234567890n, '12345678901234567890'],
    [true, 'true'],
    [new Date('2024-05-06T07:08:09.000Z'), '2024-05-06T07:08:09.000Z'],
    [{ a: '\x1b[2J' }, '{"a":"\\u001b[2J"}'],
  ])('%s', (input, shown) => {
    expect(safe(input)).toBe(shown);
    expect(safeLine(input)).toBe(shown);
  });
});

describe('isSafe', () => {
  it.each([
    ['plain', 'abc', true],
    ['line feed', 'a\nb', true],
    ['emoji family', '👨\u200d👩\u200d👧', true],
    ['ESC', '\x1b', false],
    ['tab', 'a\tb', false],
    ['CR', 'a\rb', false],
    ['C1', '\u009b', false],
    ['bidi', '\u202e', false],
    ['lone surrogate', '\ud800', false],
    ['U+FFFD', '\ufffd', false],
    ['stray ZWJ', 'a\u200db', false],
  ])('%s', (_name, s, expected) => {
    expect(isSafe(s)).toBe(expected);
  });
});

describe('trusted and joinSafe', () => {
  it('brand without changing the text', () => {
    expect(trusted('Activity')).toBe('Activity');
    expect(joinSafe([safeLine('a\x1b'), trusted('b')], trusted(' │ '))).toBe('a^[ │ b');
    expect(joinSafe([])).toBe('');
  });
});

describe('large input', () => {
  it('handles a 1 MB query (track_activity_query_size maximum) in one pass', () => {
    const big = 'SELECT 1;\n\t\x1b[31m'.repeat(70_000);
    const out = safe(big);
    expect(out.length).toBeGreaterThan(big.length);
    expect(out).not.toContain('\x1b');
    expect(safeLine(big)).not.toContain('\n');
  });
});

describe('safeMsg (a message with server values in it)', () => {
  it.each([
    ['OSC 0 in a role', safeMsg`terminate sent to pid ${42} (${'evil\x1b]0;pwned\x07'}@${'db'})`, 'terminate sent to pid 42 (evil^[]0;pwned^G@db)'],
    ['OSC 52 in an error', safeMsg`VACUUM t; failed: ${'relation "t\x1b]52;c;Y3VybA==\x07" does not exist'}`, 'VACUUM t; failed: relation "t^[]52;c;Y3VybA==^G" does not exist'],
    ['C1 CSI, bidi and zero width', safeMsg`role ${'a\u009b2Jb\u202ec\u200bd'}`, 'role a<U+009B>2Jb<U+202E>c<U+200B>d'],
    ['a multi-line error on one line', safeMsg`failed: ${'line one\nline two'}`, 'failed: line one line two'],
    ['null and numbers', safeMsg`${null}|${7}|${undefined}`, '|7|'],
  ])('%s', (_, got, want) => {
    expect(got).toBe(want);
    expect(isSafe(got)).toBe(true);
  });

  it('leaves the words of the template as written, spaces and glyphs included', () => {
    expect(safeMsg`a  b — ${'x'}  c`).toBe('a  b — x  c');
  });
});
