/**
 * Building problem sentences. Every piece that came from the server goes through safeLine; the
 * `say` tag accepts only display-safe text and numbers, so the compiler refuses a raw name.
 * Sentences are plain ASCII apart from the server's own text ('...' and 'x', not '…' and '×'):
 * they also go to `pgwarden check` output, mail and pagers, often under LANG=C.
 */
import { duration } from '../format';
import { safeLine, trusted, type SafeText } from '../text/sanitize';
import { truncate } from '../text/width';

/** A sentence from display-safe pieces. */
export function say(parts: TemplateStringsArray, ...values: (SafeText | number)[]): SafeText {
  let out = parts[0]!;
  values.forEach((v, i) => (out += String(v) + parts[i + 1]!));
  return trusted(out);
}

/** A statement's text, one line, short enough to sit in a sentence. */
export function shortQuery(query: string | null | undefined, width = 48): SafeText {
  return truncate(safeLine(query ?? ''), width, '...');
}

/** Seconds between two server times, never negative. */
export const elapsed = (now: number, since: number | null | undefined): number | null => (since == null ? null : Math.max(0, now - since));

export interface SessionLike {
  pid: number;
  application: string | null;
  user: string | null;
  state: string | null;
  since: number | null;
}

/** "pid 4242 (app billing, idle in transaction 3m12s)": who a session is and what it does. */
export function who(s: SessionLike, now: number, withState = true): SafeText {
  const parts: SafeText[] = [];
  if (s.application) parts.push(say`app ${safeLine(s.application)}`);
  else if (s.user) parts.push(say`user ${safeLine(s.user)}`);
  if (withState && s.state) parts.push(s.since == null ? safeLine(s.state) : say`${safeLine(s.state)} ${duration(elapsed(now, s.since))}`);
  return parts.length ? say`pid ${s.pid} (${trusted(parts.join(', '))})` : say`pid ${s.pid}`;
}
