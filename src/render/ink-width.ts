/**
 * The display width ink uses to lay out and place text, put in place of `string-width` in the
 * bundle (see scripts/ink-speedups.mjs). Measured by pgwarden's own width model, so ink cuts and
 * places text exactly where `fit()` sized it, and cheaply: string-width segments every
 * non-ASCII line into graphemes, and a table row with one `…` or `›` in it is non-ASCII.
 * string-width itself is left out of the bundle: merely loading it compiles an RGI_Emoji
 * expression, some 60 ms of every start-up.
 */
import stripAnsi from 'strip-ansi';
import { displayWidth, plainNarrow } from '../text/width';

const SGR = /\x1b\[[0-9;:]*m/g;

/**
 * The index of the `m` ending the colour sequence (`ESC [` digits, `:` and `;`, `m`) that starts
 * at `i`, or -1 when no colour sequence starts there.
 */
export function colourEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x1b || s.charCodeAt(i + 1) !== 0x5b) return -1;
  let j = i + 2;
  for (;;) {
    const p = s.charCodeAt(j);
    if ((p >= 0x30 && p <= 0x39) || p === 0x3a || p === 0x3b) j++;
    else break;
  }
  return s.charCodeAt(j) === 0x6d ? j : -1;
}

/**
 * Width of a line of plain narrow characters (see plainNarrow) and colour sequences, the lines a
 * frame is made of, counted without copying it; undefined for anything else.
 */
export function plainWidth(s: string): number | undefined {
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x1b) {
      const end = colourEnd(s, i);
      if (end < 0) return undefined;
      i = end;
    } else if (plainNarrow(c)) width++;
    else return undefined;
  }
  return width;
}

/**
 * Cells `s` takes, escape sequences excluded: the contract of string-width's default export with
 * its default options (none of ink's modules passes any).
 */
export default function inkStringWidth(s: string): number {
  if (typeof s !== 'string' || s.length === 0) return 0;
  return plainWidth(s) ?? displayWidth(withoutColours(s) ?? stripAnsi(s));
}

/** `s` without colour sequences, or undefined when it holds any other escape sequence. */
export function withoutColours(s: string): string | undefined {
  const text = s.includes('\x1b') ? s.replace(SGR, '') : s;
  return text.includes('\x1b') || text.includes('\x9b') ? undefined : text;
}
