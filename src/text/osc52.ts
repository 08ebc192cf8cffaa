/**
 * Copy to the clipboard of the terminal the user sits at, through SSH, with OSC 52:
 * `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`. The terminal, not this host, owns the clipboard,
 * so this works where no local clipboard tool could.
 *
 * Multiplexers stand between us and that terminal:
 * - tmux forwards a plain OSC 52 itself when `set-clipboard` is on (or `external`, the default), and
 *   passes a DCS `ESC P tmux; … ESC \` through to the outer terminal when `allow-passthrough` is on,
 *   with every ESC inside doubled. Either may be configured, so both are sent; a terminal that gets
 *   both only sets the clipboard twice to the same text.
 * - GNU screen passes the content of a DCS (`ESC P … ESC \`) through, but keeps at most a few hundred
 *   bytes of one string, so the sequence is cut into short chunks, each wrapped on its own; the
 *   terminal receives their contents back to back as one OSC 52.
 * This is the program's own sequence: the text itself only travels base64-encoded, so nothing in it
 * can act on the terminal.
 */
import type { TerminalEnv } from './terminal';

/**
 * Most UTF-8 bytes copied. Terminals cap the whole sequence (hterm and others drop anything over
 * ~100 kB; xterm allows more, some far less): 74,994 bytes encode to 99,992 base64 characters,
 * which with the 8-byte envelope stays within 100,000 bytes.
 */
export const OSC52_MAX_BYTES = 74_994;

/** Bytes of the inner sequence per DCS chunk under GNU screen (its string buffer is small). */
const SCREEN_CHUNK = 76;

const ESC = '\x1b';
const BEL = '\x07';
const ST = ESC + '\\';

export interface Osc52Result {
  /** Write this to the terminal as it is. */
  sequence: string;
  /** The text was longer than `OSC52_MAX_BYTES` and only its beginning was copied. */
  truncated: boolean;
  /** UTF-8 bytes actually copied. */
  bytes: number;
}

/** The longest prefix of `bytes` within `max` that does not end inside a UTF-8 character. */
function utf8Prefix(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let end = max;
  // Continuation bytes are 10xxxxxx: back up to the lead byte of the character that would be split.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * The escape sequence that puts `text` on the terminal's clipboard, wrapped for tmux (`TMUX` set)
 * or GNU screen (`STY` set). Text over `OSC52_MAX_BYTES` UTF-8 bytes is cut at a character boundary
 * and reported as `truncated` so the caller can say so.
 */
export function osc52(text: string, env: TerminalEnv, maxBytes: number = OSC52_MAX_BYTES): Osc52Result {
  const all = Buffer.from(text, 'utf8');
  const copied = utf8Prefix(all, maxBytes);
  const plain = `${ESC}]52;c;${copied.toString('base64')}${BEL}`;
  let sequence: string;
  if (env.TMUX) {
    sequence = plain + `${ESC}Ptmux;${plain.replaceAll(ESC, ESC + ESC)}${ST}`;
  } else if (env.STY) {
    sequence = '';
    for (let i = 0; i < plain.length; i += SCREEN_CHUNK) {
      sequence += `${ESC}P${plain.slice(i, i + SCREEN_CHUNK)}${ST}`;
    }
  } else {
    sequence = plain;
  }
  return { sequence, truncated: copied.length < all.length, bytes: copied.length };
}
