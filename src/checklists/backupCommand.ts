/**
 * The user's own program that tells the last base backup's end time (a backup tool's "info"
 * wrapped in a script), for servers whose backups leave no trace PostgreSQL can show. It comes
 * from the user's own checklist file and runs with their rights, without a shell, with a timeout;
 * only its first line is read, cut and stripped of control characters before it is shown.
 */
import { execFile } from 'node:child_process';

export const BACKUP_COMMAND_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 4096;

/** The end time (epoch s) the program printed, or why there is none (one clean line). */
export type BackupTime = { at: number; line: string } | { error: string };

/** Control characters (escape sequences included) out, one line, 120 characters at most. */
export const cleanLine = (s: string): string =>
  s.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').trim().slice(0, 120);

/** Reads a time: epoch seconds, or anything Date.parse takes (ISO 8601). */
export function parseBackupTime(first: string): number | undefined {
  const t = first.trim();
  if (/^\d{9,11}(\.\d+)?$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

export function runBackupCommand(argv: readonly string[], timeoutMs = BACKUP_COMMAND_TIMEOUT_MS): Promise<BackupTime> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, windowsHide: true }, (err, stdout) => {
      const line = cleanLine(String(stdout ?? '').split('\n')[0] ?? '');
      if (err) {
        const why = (err as NodeJS.ErrnoException & { killed?: boolean }).killed ? `did not end within ${timeoutMs / 1000} s` : cleanLine(err.message);
        return resolve({ error: `the backup time command failed: ${why}` });
      }
      const at = parseBackupTime(line);
      resolve(at === undefined ? { error: `the backup time command printed no time: "${line}"` } : { at, line });
    });
  });
}
