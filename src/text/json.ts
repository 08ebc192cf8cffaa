/**
 * JSON for files and pipes that a person may `cat` or `jq` to a terminal (snapshot --json, the
 * audit log). JSON.stringify escapes C0 controls (ESC becomes \u001b) but writes everything else
 * as it is: C1 controls (U+009B is CSI, U+009D OSC to a terminal in 8-bit mode), bidi overrides
 * that reorder what is shown ("Trojan Source"), zero-width and other format characters that make
 * two names look alike. Those are escaped here the same way, so the document stays valid JSON
 * and parses back to exactly the same strings.
 */

/** Code points escaped beyond JSON.stringify's own: C1, format characters (bidi, zero width,
 * BOM, tags), line/paragraph separators, and the Hangul fillers that draw as nothing. */
const INVISIBLE_RE = /[\u0080-\u009f\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/gu;

function escapeUnits(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/**
 * `JSON.stringify(value, null, space)` with every invisible or terminal-controlling code point
 * written as a `\uXXXX` escape. Such characters can only occur inside JSON strings, where an
 * escape means the same character.
 */
export function terminalSafeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(INVISIBLE_RE, escapeUnits);
}
