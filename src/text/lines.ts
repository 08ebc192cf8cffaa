/**
 * Lines for stderr (and the plain-text stdout of subcommands). Whatever pgwarden says there can
 * quote the server (an error, a database or role name) or the environment (a path, a service
 * name), and a terminal obeys escape sequences on stderr as on the screen: every line passes the
 * same boundary.
 */
import { safeLine, type SafeText } from './sanitize';

/** `pgwarden: <message>` for each line of `message`, sanitized, each ending in a newline. */
export function errorLines(message: string | SafeText): string {
  return message
    .split('\n')
    .map((l) => `pgwarden: ${safeLine(l)}\n`)
    .join('');
}
