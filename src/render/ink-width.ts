/**
 * The display width ink uses to lay out and place text, put in place of `string-width` in the
 * bundle (see scripts/ink-speedups.mjs). Measured by pgwarden's own width model, so ink cuts and
 * places text exactly where `fit()` sized it, and cheaply: string-width segments every
 * non-ASCII line into graphemes, and a table row with one `…` or `›` in it is non-ASCII.
 * string-width itself is left out of the bundle: merely loading it compiles an RGI_Emoji
 * expression, some 60 ms of every start-up.
 */
import stripAnsi from 'strip-ansi';
import { displayWidth } from '../text/width';

const SGR = /\x1b\[[0-9;:]*m/g;

/** Printable ASCII only: the common case, one cell per character. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Cells `s` takes, escape sequences excluded: the contract of string-width's default export with
 * its default options (none of ink's modules passes any).
 */
export default function inkStringWidth(s: string): number {
  if (typeof s !== 'string' || s.length === 0) return 0;
  if (printableAscii(s)) return s.length;
  return displayWidth(withoutColours(s) ?? stripAnsi(s));
}

/** `s` without colour sequences, or undefined when it holds any other escape sequence. */
export function withoutColours(s: string): string | undefined {
  const text = s.includes('\x1b') ? s.replace(SGR, '') : s;
  return text.includes('\x1b') || text.includes('\x9b') ? undefined : text;
}
