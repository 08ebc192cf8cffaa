import { describe, expect, it } from 'vitest';
import { trusted, type SafeText } from '../../../src/text/sanitize';
import { codePointWidth, displayWidth, fit, padEnd, padStart, plainNarrow, truncate, wrap } from '../../../src/text/width';

const S = (s: string): SafeText => trusted(s);
const FAMILY = '👨\u200d👩\u200d👧';
const ENGLAND = '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';

describe('displayWidth', () => {
  it.each([
    ['empty', '', 0],
    ['ASCII', 'abc', 3],
    ['precomposed é', 'é', 1],
    ['e + combining acute', 'e\u0301', 1],
    ['Zalgo stays one cell', 'a\u0301\u0302\u0303\u0304\u0305', 1],
    ['CJK', '表格', 4],
    ['Hangul syllables', '한국어', 6],
    ['Hangul jamo sequence', '\u1100\u1161\u11a8', 2],
    ['fullwidth Latin', 'ＡＢ', 4],
    ['halfwidth katakana', 'ｱｲ', 2],
    ['ideographic space', '\u3000', 2],
    ['CJK extension B', '𠀀', 2],
    ['emoji', '😀', 2],
    ['emoji ZWJ family', FAMILY, 2],
    ['skin tone', '👍🏽', 2],
    ['flag', '🇫🇷', 2],
    ['two flags', '🇫🇷🇯🇵', 4],
    ['flag and a lone indicator', '🇫🇷🇩', 4],
    ['subdivision flag', ENGLAND, 2],
    ['heart as text', '❤', 1],
    ['heart with VS16', '❤️', 2],
    ['keycap', '1️⃣', 2],
    ['rainbow flag', '🏳️\u200d🌈', 2],
    ['ellipsis and box drawing (ambiguous: narrow)', '…─│', 3],
    ['zero width space', '\u200b', 0],
    ['control', '\x00', 0],
    ['mixed', 'SELECT 表 😀 e\u0301', 14],
  ])('%s', (_name, s, width) => {
    expect(displayWidth(s)).toBe(width);
  });
});

describe('codePointWidth', () => {
  it.each([
    [0x41, 1],
    [0x301, 0],
    [0x200d, 0],
    [0x4e00, 2],
    [0xac00, 2],
    [0xff21, 2],
    [0x1f600, 2],
    [0x2764, 1],
    [0x4dc0, 1],
    [0x1160, 0],
  ])('U+%s', (cp, width) => {
    expect(codePointWidth(cp)).toBe(width);
  });
});

describe('truncate', () => {
  it.each([
    ['fits', 'hello', 5, '…', 'hello'],
    ['cut with ellipsis', 'hello world', 5, '…', 'hell…'],
    ['ASCII ellipsis', 'hello world', 5, '~', 'hell~'],
    ['no room for text', 'hello', 1, '…', '…'],
    ['zero width', 'hello', 0, '…', ''],
    ['negative width', 'hello', -3, '…', ''],
    ['ellipsis wider than the room', 'hello', 2, '...', '..'],
    ['spaces before the ellipsis go', 'abc def', 5, '…', 'abc…'],
    ['wide characters', '表格表格', 5, '…', '表格…'],
    ['wide character does not straddle the edge', '表格表格', 4, '…', '表…'],
    ['narrow then wide', 'a表格', 3, '…', 'a…'],
    ['combining marks stay with their base', 'e\u0301e\u0301e\u0301', 2, '…', 'e\u0301…'],
    ['emoji sequence stays whole', FAMILY + FAMILY, 3, '…', FAMILY + '…'],
    ['flag stays whole', '🇫🇷🇯🇵', 3, '…', '🇫🇷…'],
    ['surrogate pair never split', '😀😀😀', 4, '…', '😀…'],
  ])('%s', (_name, s, width, ellipsis, expected) => {
    const out = truncate(S(s), width, ellipsis);
    expect(out).toBe(expected);
    expect(displayWidth(out)).toBeLessThanOrEqual(Math.max(0, width));
  });

  it('defaults to the Unicode ellipsis', () => {
    expect(truncate(S('abcdef'), 4)).toBe('abc…');
  });

  it('keeps within the width and never leaves a lone surrogate, for mixed text', () => {
    const alphabet = ['a', ' ', '表', '😀', 'e\u0301', FAMILY, '🇫🇷', 'ｱ', '❤️'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 500; n++) {
      let s = '';
      for (let k = next() % 12; k > 0; k--) s += alphabet[next() % alphabet.length];
      const width = next() % 10;
      const out = truncate(S(s), width);
      expect(displayWidth(out)).toBeLessThanOrEqual(width);
      expect(out).not.toMatch(/\p{Cs}/u);
      const body = out.endsWith('…') ? out.slice(0, -1) : out;
      expect(s.startsWith(body)).toBe(true);
    }
  });
});

describe('padding', () => {
  it.each([
    ['padEnd ASCII', padEnd, 'ab', 4, 'ab  '],
    ['padEnd wide', padEnd, '表', 4, '表  '],
    ['padEnd already wider', padEnd, 'abcdef', 4, 'abcdef'],
    ['padStart ASCII', padStart, '12', 5, '   12'],
    ['padStart emoji', padStart, '😀', 3, ' 😀'],
  ] as const)('%s', (_name, pad, s, width, expected) => {
    expect(pad(S(s), width)).toBe(expected);
  });

  it('fit gives exactly the width', () => {
    expect(fit(S('hello world'), 6)).toBe('hello…');
    expect(fit(S('表格表格'), 4)).toBe('表… ');
    expect(fit(S('42'), 5, '~', 'right')).toBe('   42');
    expect(fit(S('hi'), 4)).toBe('hi  ');
    for (const s of ['表格表格', 'a😀b😀', 'plain text']) {
      for (let w = 1; w < 12; w++) expect(displayWidth(fit(S(s), w))).toBe(w);
    }
  });
});

describe('wrap', () => {
  it.each([
    ['fits', 'select 1', 20, ['select 1']],
    ['breaks at spaces', 'select a, b from t', 10, ['select a,', 'b from t']],
    ['drops the spaces at a break', 'aaaa    bbbb', 6, ['aaaa', 'bbbb']],
    ['hard-breaks long words', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['long word after a short one', 'ab cdefghij', 4, ['ab', 'cdef', 'ghij']],
    ['keeps line breaks and empty lines', 'a\n\nb', 5, ['a', '', 'b']],
    ['keeps indentation', '    select aaaa bbbb', 12, ['    select', 'aaaa bbbb']],
    ['indentation gives way to a word that fits a line', '    abcdef', 6, ['abcdef']],
    ['indentation and a word longer than a line', '    abcdefgh', 6, ['    ab', 'cdefgh']],
    ['wide characters', '表格表格表', 4, ['表格', '表格', '表']],
    ['wide characters at odd width', '表格表', 3, ['表', '格', '表']],
    ['one-cell column with wide characters', '表格', 1, ['表', '格']],
    ['emoji sequences stay whole', `${FAMILY}${FAMILY}${FAMILY}`, 4, [FAMILY + FAMILY, FAMILY]],
    ['width below 1 counts as 1', 'abc', 0, ['a', 'b', 'c']],
  ])('%s', (_name, s, width, expected) => {
    expect(wrap(S(s), width)).toEqual(expected);
  });

  it('keeps every line within the width and loses no text', () => {
    const sql = 'SELECT pid, usename, 表名, state, query\n  FROM pg_stat_activity 😀😀\n WHERE state <> \'idle\' AND xact_start < now() - interval \'5 minutes\'';
    for (let w = 2; w < 40; w++) {
      const lines = wrap(S(sql), w);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(w);
      expect(lines.join('').replace(/\s/g, '')).toBe(sql.replace(/\s/g, ''));
    }
  });
});

describe('plain narrow characters', () => {
  it('take one cell wherever they stand, as the full scan counts them', () => {
    for (let c = 0; c < 0x3000; c++) {
      if (!plainNarrow(c)) continue;
      const ch = String.fromCharCode(c);
      expect(codePointWidth(c), ch).toBe(1);
      // The zero-width space is not plain: these go through the scan, with their neighbours.
      expect(displayWidth(`1${ch}${ch}\u200b`), `U+${c.toString(16)}`).toBe(3);
      expect(displayWidth(`\u{1F600}${ch}\u200d\u200b`), `U+${c.toString(16)}`).toBe(3);
    }
    expect(plainNarrow('…'.charCodeAt(0))).toBe(true);
    for (const ch of ['\u00a9', '\u00ad', '\u0301', '\u2194', '\u25b6', '\u200d', '\ufe0f', '日']) expect(plainNarrow(ch.charCodeAt(0)), ch).toBe(false);
  });
});
