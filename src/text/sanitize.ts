/**
 * The one boundary for untrusted text. Everything read from the server (query text, application
 * names, user and database names, error messages, settings) is passed through `safe` or
 * `safeLine` before it reaches the screen; the `SafeText` brand lets the compiler check that.
 *
 * Why: a query's text is whatever a client sent, and pg_stat_activity shows it to every monitoring
 * user. Raw, it could retitle the window (OSC 0/2), write the clipboard (OSC 52), plant links (OSC 8),
 * clear or move around the screen (CSI), or reorder what is shown (bidi overrides, "Trojan Source").
 * pg_stat_activity.query is also in the backend's database encoding, so invalid bytes arrive as
 * U+FFFD from the driver or as raw bytes in a Buffer.
 *
 * What is shown instead — always plain ASCII, so it reads the same in ASCII mode:
 * - C0 controls and DEL in caret notation, as `cat -v` and most terminals' docs write them:
 *   ESC → `^[`, BEL → `^G`, NUL → `^@`, DEL → `^?`. The bytes after an ESC are left as text: once
 *   the ESC is visible, `^[]0;title^G` is inert and shows exactly what was attempted.
 * - Every other invisible or dangerous code point as a `<U+XXXX>` marker: C1 controls (U+0080–U+009F,
 *   incl. U+009B CSI and U+009D OSC, which terminals in 8-bit mode obey), bidi controls (U+202A–U+202E,
 *   U+2066–U+2069, U+200E, U+200F, U+061C), the other format characters (U+200B zero width space,
 *   U+2060 word joiner, U+FEFF, U+00AD soft hyphen …), U+2028/U+2029, lone surrogates and U+FFFD.
 *   Also the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0): letters that draw as nothing.
 *   Invisible characters are marked because two names that differ only by one would look equal.
 * - Kept, because text in some scripts needs them and they cannot hide anything there: ZWJ inside
 *   an emoji sequence (👨‍👩‍👧), the tag characters of an emoji flag (🏴 + tags), and ZWJ/ZWNJ
 *   between two letters of a script that uses them to shape (Arabic, Syriac, Indic scripts,
 *   Mongolian).
 */
import { displayWidth } from './width';

/** Text that is safe to write to the terminal: produced by `safe`/`safeLine`, or `trusted`. */
export type SafeText = string & { readonly __brand: 'SafeText' };

/** Columns between tab stops when `safe` expands a tab (terminals use 8; SQL is mostly indented by 4). */
export const TAB_WIDTH = 4;

const ZWJ = 0x200d;
const ZWNJ = 0x200c;
const BLACK_FLAG = 0x1f3f4;

// Sticky regexes classify the code point at `lastIndex` without allocating.
const FORMAT_RE = /[\p{Cf}\p{Zl}\p{Zp}]/uy;
const PICTOGRAPHIC_RE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}]/uy;
const JOINING_SCRIPT_RE =
  /[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}\p{sc=Mongolian}]/uy;

/** A string with none of these is returned by `safe` as it is (a regex scan is the cheapest test). */
const NEEDS_WORK_RE = /[\0-\x09\x0b-\x1f\x7f-\x9f\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFFFD\u115F\u1160\u3164\uFFA0]/u;
/** Same for `safeLine`, which also folds runs of spaces and trims (see `needsWork`). */
const LINE_NEEDS_WORK_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFFFD\u115F\u1160\u3164\uFFA0]/u;

function needsWork(s: string, line: boolean): boolean {
  if (!line) return NEEDS_WORK_RE.test(s);
  return (
    LINE_NEEDS_WORK_RE.test(s) || s.charCodeAt(0) === 0x20 || s.charCodeAt(s.length - 1) === 0x20 || s.includes('  ')
  );
}

function at(re: RegExp, s: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(s);
}

function previousIndex(s: string, i: number): number {
  if (i <= 0) return -1;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return i - 2;
  }
  return i - 1;
}

/** Whether the format character at `i` is part of legitimate text rather than hiding something. */
function isKeptFormat(s: string, i: number, cp: number, end: number): boolean {
  const prev = previousIndex(s, i);
  if (prev < 0) return false;
  if (cp >= 0xe0020 && cp <= 0xe007f) {
    // Emoji tag sequence (a subdivision flag): U+1F3F4, tags, U+E007F; walk back to the flag.
    for (let j = prev; j >= 0; j = previousIndex(s, j)) {
      const p = s.codePointAt(j)!;
      if (p === BLACK_FLAG) return true;
      if (!(p >= 0xe0020 && p <= 0xe007e)) return false;
    }
    return false;
  }
  if (end >= s.length) return false;
  if (cp === ZWJ && at(PICTOGRAPHIC_RE, s, prev) && at(PICTOGRAPHIC_RE, s, end)) return true;
  if ((cp === ZWJ || cp === ZWNJ) && at(JOINING_SCRIPT_RE, s, prev) && at(JOINING_SCRIPT_RE, s, end)) return true;
  return false;
}

function marker(cp: number): string {
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function caret(cp: number): string {
  return cp === 0x7f ? '^?' : '^' + String.fromCharCode(cp + 0x40);
}

/**
 * The visible replacement for the code point at `i`, or null when it is shown as it is.
 * Tabs, line feeds and carriage returns are left to the caller, which treats them per mode.
 */
function replacement(s: string, i: number, cp: number, end: number): string | null {
  if (cp < 0x20 || cp === 0x7f) return caret(cp);
  if (cp < 0x7f) return null;
  if (cp <= 0x9f) return marker(cp);
  if (cp === 0xfffd || (cp >= 0xd800 && cp <= 0xdfff)) return marker(cp);
  if (cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0) return marker(cp);
  if (cp < 0xad || (cp >= 0x2070 && cp < 0xfeff)) return null; // no format characters in these stretches
  if (at(FORMAT_RE, s, i) && !isKeptFormat(s, i, cp, end)) return marker(cp);
  return null;
}

const isBlank = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * The one pass behind `safe` and `safeLine`. Printable ASCII is skipped by char code and copied
 * in stretches, so the common case costs little more than a scan.
 */
function sanitize(s: string, line: boolean): string {
  if (!needsWork(s, line)) return s;
  const n = s.length;
  let out = '';
  let run = 0; // start of the stretch of `s` copied as it is, not yet appended to `out`
  let lineStart = 0; // where the current line starts in `out`, for tab stops
  let pendingSpace = false; // safeLine: whitespace seen since the last text
  const emit = (text: string): void => {
    if (pendingSpace && out !== '') out += ' ';
    pendingSpace = false;
    out += text;
  };
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) {
      i++;
      continue;
    }
    if (line && isBlank(c)) {
      let j = i + 1;
      while (j < n && isBlank(s.charCodeAt(j))) j++;
      // A single space between two words stays in the copied stretch.
      if (!(c === 0x20 && j === i + 1 && i > 0 && j < n)) {
        if (i > run) emit(s.slice(run, i));
        pendingSpace = true;
        run = j;
      }
      i = j;
      continue;
    }
    let cp = c;
    let end = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && end < n) {
      const low = s.charCodeAt(end);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        end++;
      }
    }
    let visible: string | null;
    if (c === 0x20 || c === 0x0a) visible = null;
    else if (c === 0x0d && s.charCodeAt(end) === 0x0a) visible = ''; // CRLF: the LF ends the line
    else if (c === 0x09) {
      out += s.slice(run, i);
      run = i;
      visible = ' '.repeat(TAB_WIDTH - (displayWidth(out.slice(lineStart)) % TAB_WIDTH));
    } else visible = replacement(s, i, cp, end);
    if (visible !== null) {
      if (i > run) emit(s.slice(run, i));
      emit(visible);
      run = end;
    } else if (c === 0x0a) {
      out += s.slice(run, end);
      run = end;
      lineStart = out.length;
    }
    i = end;
  }
  if (run === 0) return s;
  if (n > run) emit(s.slice(run));
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Turns a driver value into a string; bytes are decoded as UTF-8, invalid sequences as U+FFFD. */
function toText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return decoder.decode(raw);
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? 'Invalid Date' : raw.toISOString();
  if (typeof raw === 'object') {
    try {
      return JSON.stringify(raw) ?? String(raw);
    } catch {
      return String(raw);
    }
  }
  return String(raw);
}

/**
 * Display-safe text for multi-line views (the full query, an error's detail). Keeps line feeds;
 * CRLF becomes LF; a lone CR is shown as `^M` (it would move the cursor back over the line);
 * tabs expand to spaces up to the next multiple of `TAB_WIDTH` columns.
 * `null` and `undefined` give the empty string.
 */
export function safe(raw: unknown): SafeText {
  return sanitize(toText(raw), false) as SafeText;
}

/**
 * Display-safe text for one table cell or header field. Line feeds, carriage returns, tabs,
 * vertical tabs and form feeds are whitespace here, as they are to SQL: every run of whitespace
 * becomes one space and the ends are trimmed, so a multi-line statement reads as one line and a
 * cell shows as much of the query as possible. Other controls are shown as in `safe`.
 */
export function safeLine(raw: unknown): SafeText {
  return sanitize(toText(raw), true) as SafeText;
}

/**
 * Whether `s` can be written to the terminal as it is: no control character but LF, no
 * bidi or other hidden format character outside the kept contexts, no lone surrogate or U+FFFD.
 * Tabs and CRs are not safe (their effect depends on the cursor position).
 */
export function isSafe(s: string): boolean {
  // `safe` changes exactly the code points that are not display-safe, and nothing else.
  return sanitize(s, false) === s;
}

/**
 * Marks one of the program's own strings (labels, glyphs, formatted numbers) as display-safe.
 * Never for text that came from the server, a file or the environment: use `safe`/`safeLine`.
 */
export function trusted(s: string): SafeText {
  return s as SafeText;
}

/** Concatenates display-safe pieces; the result is display-safe too. */
export function joinSafe(parts: readonly SafeText[], separator: SafeText = '' as SafeText): SafeText {
  return parts.join(separator) as SafeText;
}

/**
 * A one-line message in the program's own words with values in it, for the footer, a pane's
 * status or a dialog: `safeMsg\`terminate sent to pid ${pid} (${user}@${db})\``. The template's
 * literal parts are ours; every interpolated value passes `safeLine`, whatever its type, so a role
 * or database name cannot carry an escape sequence into a message (safeLine is idempotent: a
 * value that is already display-safe is unchanged, but for runs of spaces folded to one). Values
 * are trimmed like any safeLine: keep spaces around a value in the literal parts.
 */
export function safeMsg(strings: TemplateStringsArray, ...values: unknown[]): SafeText {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += safeLine(values[i]) + (strings[i + 1] ?? '');
  return out as SafeText;
}
