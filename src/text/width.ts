/**
 * Display width of text in terminal cells, and the cutting, padding and wrapping built on it.
 *
 * The model follows what terminals do (wcwidth and the Unicode East Asian Width property), with the
 * few emoji rules modern terminals agree on:
 * - combining marks (Mn, Me), format characters (Cf, e.g. ZWJ) and controls take no cell, nor do
 *   Hangul medial vowels and final consonants (they join the preceding initial consonant);
 * - East Asian Wide and Fullwidth characters and emoji with emoji presentation take two cells;
 * - an emoji joined by ZWJ to the one before it, a skin-tone modifier after an emoji and the second
 *   regional indicator of a flag add nothing (the sequence draws as one glyph of two cells);
 * - VS16 (U+FE0F) turns a one-cell emoji-capable character into a two-cell emoji.
 * East Asian Ambiguous characters (box drawing, `…`, `—`) count as one cell, as they do outside CJK
 * locales; a terminal set to draw them wide will misalign, as it does for every TUI.
 */
import type { SafeText } from './sanitize';

/** East Asian Wide (W) and Fullwidth (F) ranges outside the emoji blocks, inclusive, sorted. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed
  [0x3400, 0x4dbf], // CJK extension A (the Yijing hexagrams at 4DC0 are narrow)
  [0x4e00, 0xa4cf], // CJK unified ideographs, Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth ASCII
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18dff], // Tangut, Khitan
  [0x1aff0, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G–H
];

function inWideRange(cp: number): boolean {
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = WIDE_RANGES[mid]!;
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}

// Sticky regexes test the code point at `lastIndex` without allocating a one-character string.
const ZERO_RE = /[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/uy;
const EMOJI_PRESENTATION_RE = /\p{Emoji_Presentation}/uy;
const PICTOGRAPHIC_RE = /\p{Extended_Pictographic}/uy;
const EMOJI_RE = /\p{Emoji}/uy;

function at(re: RegExp, s: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(s);
}

/** Width of the code point at index `i` of `s`, ignoring its neighbours. */
function baseWidth(s: string, i: number, cp: number): 0 | 1 | 2 {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return cp === 0xad ? 0 : 1; // Latin-1 and Latin Extended; soft hyphen is Cf
  if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff)) return 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 1; // a lone surrogate: terminals draw U+FFFD
  if (at(ZERO_RE, s, i)) return 0;
  if (inWideRange(cp) || at(EMOJI_PRESENTATION_RE, s, i)) return 2;
  return 1;
}

const ZWJ = 0x200d;
const VS16 = 0xfe0f;
const isRegionalIndicator = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff;
const isSkinTone = (cp: number): boolean => cp >= 0x1f3fb && cp <= 0x1f3ff;

/**
 * Walks `s` one code point at a time, calling `visit(start, end, width)` with the cells each code
 * point adds in its context. Stops early when `visit` returns false.
 */
function scan(s: string, visit: (start: number, end: number, width: number) => boolean | void): void {
  let prevStart = -1;
  let prevCp = -1;
  let prevWidth = 0;
  let prevPictographic = false; // the previous code point ends an emoji (with its VS16 or skin tone)
  let riOpen = false; // an odd regional indicator is waiting for its pair
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const end = i + (cp > 0xffff ? 2 : 1);
    let w: number;
    let pictographic = false;
    if (cp >= 0x20 && cp < 0x7f) {
      w = 1;
    } else {
      pictographic = at(PICTOGRAPHIC_RE, s, i);
      if (prevCp === ZWJ && pictographic) w = 0;
      else if (isSkinTone(cp) && prevPictographic) w = 0;
      else if (cp === VS16 && prevWidth === 1 && at(EMOJI_RE, s, prevStart)) w = 1;
      else if (isRegionalIndicator(cp)) w = riOpen ? 0 : 2;
      else w = baseWidth(s, i, cp);
    }
    riOpen = isRegionalIndicator(cp) ? !riOpen : false;
    prevPictographic = pictographic || (prevPictographic && (cp === VS16 || isSkinTone(cp)));
    if (visit(i, end, w) === false) return;
    prevStart = i;
    prevCp = cp;
    prevWidth = w;
    i = end;
  }
}

/** Cells the code point takes on its own (0, 1 or 2), without the emoji-sequence rules. */
export function codePointWidth(cp: number): 0 | 1 | 2 {
  return baseWidth(String.fromCodePoint(cp), 0, cp);
}

/** Code units below this are classified once and remembered (see {@link plainNarrow}). */
const PLAIN_LIMIT = 0x3000;
/** Per code unit: 0 not yet classified, 1 plain narrow, 2 not. */
const plainClass = new Uint8Array(PLAIN_LIMIT);

/**
 * Whether the code unit `c` is a character that takes one cell whatever surrounds it: printable
 * ASCII, or a one-cell character that is no emoji, no pictograph and no part of a sequence (the
 * `…`, `›`, `▼` and box drawing the screens draw with). A string of only these is as wide as it
 * is long: every rule of {@link scan} that looks at a neighbour starts from a character that is not.
 */
export function plainNarrow(c: number): boolean {
  if (c >= 0x20 && c < 0x7f) return true;
  if (c >= PLAIN_LIMIT) return false;
  let k = plainClass[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    const plain = (c < 0xd800 || c > 0xdfff) && baseWidth(ch, 0, c) === 1 && !at(PICTOGRAPHIC_RE, ch, 0) && !at(EMOJI_RE, ch, 0);
    k = plain ? 1 : 2;
    plainClass[c] = k;
  }
  return k === 1;
}

/** Terminal cells `s` takes on one line. Newlines are not expected here: measure line by line. */
export function displayWidth(s: string): number {
  // Table rows are printable ASCII with a few plain symbols: one cell per code unit, no scan.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    if (!plainNarrow(s.charCodeAt(i))) {
      plain = false;
      break;
    }
  }
  if (plain) return s.length;
  let total = 0;
  scan(s, (_start, _end, w) => {
    total += w;
  });
  return total;
}

/**
 * The longest prefix of `s` that fits in `width` cells. Zero-width code points stay with the
 * character they follow, so a cut never separates a base from its combining marks, splits a
 * surrogate pair, or lets a two-cell character straddle the edge.
 */
function cut(s: string, width: number): { head: string; width: number } {
  let used = 0;
  let endIndex = 0;
  scan(s, (_start, end, w) => {
    if (w > 0 && used + w > width) return false;
    used += w;
    endIndex = end;
    return true;
  });
  return { head: s.slice(0, endIndex), width: used };
}

/**
 * Shortens `s` to at most `width` cells, ending it with `ellipsis` when anything was cut.
 * The result may be one cell narrower than `width` when a two-cell character would have crossed
 * the edge; `padEnd` makes it exact.
 *
 * @param ellipsis `…` when drawing Unicode, `~` in ASCII mode (see `glyphs()`).
 */
export function truncate(s: SafeText, width: number, ellipsis = '…'): SafeText {
  if (width <= 0) return '' as SafeText;
  if (displayWidth(s) <= width) return s;
  const ellipsisWidth = displayWidth(ellipsis);
  if (ellipsisWidth > width) return cut(ellipsis, width).head as SafeText;
  // Spaces before the ellipsis only waste the cells the cut was made to save.
  const head = cut(s, width - ellipsisWidth).head.replace(/ +$/, '');
  return (head + ellipsis) as SafeText;
}

/** Pads `s` with spaces on the right to `width` cells; text already wider is returned as is. */
export function padEnd(s: SafeText, width: number): SafeText {
  return padBy(s, width - displayWidth(s), 'left');
}

/** Pads `s` with spaces on the left to `width` cells; text already wider is returned as is. */
export function padStart(s: SafeText, width: number): SafeText {
  return padBy(s, width - displayWidth(s), 'right');
}

/** `s` with `missing` spaces after it (left-aligned) or before it (right-aligned); none when missing <= 0. */
function padBy(s: SafeText, missing: number, align: 'left' | 'right'): SafeText {
  if (missing <= 0) return s;
  return (align === 'left' ? s + ' '.repeat(missing) : ' '.repeat(missing) + s) as SafeText;
}

/** Exactly `width` cells: truncated with `ellipsis` if too wide, then padded on the chosen side. */
export function fit(s: SafeText, width: number, ellipsis = '…', align: 'left' | 'right' = 'left'): SafeText {
  // Most cells fit: measured once, not once to truncate and again to pad (tables fit every cell drawn).
  const w = displayWidth(s);
  if (w <= width) return padBy(s, width - w, align);
  const cell = truncate(s, width, ellipsis);
  return align === 'left' ? padEnd(cell, width) : padStart(cell, width);
}

/** Splits a word wider than `width` into pieces that fit, each holding at least one character. */
function hardBreak(word: string, width: number, lines: string[]): { rest: string; width: number } {
  let rest = word;
  let restWidth = displayWidth(rest);
  while (restWidth > width) {
    let { head } = cut(rest, width);
    if (head === '') head = cut(rest, 2).head; // a two-cell character in a one-cell column
    lines.push(head);
    rest = rest.slice(head.length);
    restWidth = displayWidth(rest);
  }
  return { rest, width: restWidth };
}

/**
 * Wraps multi-line text to `width` cells for the full-text viewers: breaks at spaces, hard-breaks
 * words longer than a line, keeps each line's leading indentation (SQL is read by its indentation)
 * and drops the spaces at a break. Every `\n` in `s` starts a new line; an empty line stays.
 */
export function wrap(s: SafeText, width: number): SafeText[] {
  const w = Math.max(1, Math.floor(width));
  const out: string[] = [];
  for (const line of s.split('\n')) {
    if (displayWidth(line) <= w) {
      out.push(line);
      continue;
    }
    const first = out.length;
    let cur = '';
    let curWidth = 0;
    let gap = '';
    const tokens = line.match(/ +|[^ ]+/g) ?? [];
    tokens.forEach((token, index) => {
      if (token[0] === ' ') {
        if (index === 0) {
          // Indentation: keep what fits, leave at least room for one character.
          cur = token.slice(0, Math.max(0, w - 1));
          curWidth = cur.length;
        } else {
          gap = token;
        }
        return;
      }
      const tokenWidth = displayWidth(token);
      if (curWidth + gap.length + tokenWidth <= w) {
        cur += gap + token;
        curWidth += gap.length + tokenWidth;
        gap = '';
        return;
      }
      gap = '';
      if (cur.trim() !== '') {
        out.push(cur);
        cur = '';
        curWidth = 0;
      }
      const room = w - curWidth; // only indentation can be on the line here
      if (tokenWidth > room && curWidth > 0 && tokenWidth <= w) {
        cur = '';
        curWidth = 0;
      }
      const { rest, width: restWidth } = hardBreak(cur + token, w, out);
      cur = rest;
      curWidth = restWidth;
    });
    // A hard break can leave nothing over (a wide character alone in a one-cell column).
    if (cur !== '' || out.length === first) out.push(cur);
  }
  return out as SafeText[];
}
