/**
 * Reads a password from the terminal without echo, once, before the UI takes the screen (psql -W).
 * The password lives only in memory: never in argv, the screen or a log.
 *
 * The terminal is standard input when it is one, with the prompt on stderr so that stdout stays
 * clean for `pgwarden snapshot --json > file`; otherwise the controlling terminal (/dev/tty), as
 * psql does for `… | pgwarden …`. Without either (cron, CI, `setsid`), nothing can be asked.
 */
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

interface Terminal {
  input: NodeJS.ReadStream;
  out: NodeJS.WritableStream;
  close(): void;
}

function openTerminal(): Terminal | undefined {
  if (process.stdin.isTTY) return { input: process.stdin, out: process.stderr, close: () => undefined };
  let rfd: number | undefined;
  try {
    rfd = openSync('/dev/tty', 'r');
    const wfd = openSync('/dev/tty', 'w');
    const input = new ReadStream(rfd);
    const out = new WriteStream(wfd);
    return {
      input,
      out,
      close: () => {
        input.destroy();
        out.destroy();
      },
    };
  } catch {
    if (rfd !== undefined) closeSync(rfd);
    return undefined; // no controlling terminal (ENXIO)
  }
}

/** Whether a password could be asked for: standard input or a controlling terminal exists. */
export function hasTerminal(): boolean {
  const t = openTerminal();
  t?.close();
  return t !== undefined;
}

/** Asks once on the terminal; rejects when there is none or the operator pressed Ctrl-C. */
export async function promptPassword(prompt: string): Promise<string> {
  const term = openTerminal();
  if (!term) throw new Error('a password is needed and there is no terminal to ask for it on (use PGPASSWORD or ~/.pgpass)');
  try {
    return await readHidden(prompt, term.input, term.out);
  } finally {
    term.close();
  }
}

function readHidden(prompt: string, input: NodeJS.ReadStream, out: NodeJS.WritableStream): Promise<string> {
  out.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode(false);
      input.pause();
      out.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(Object.assign(new Error('cancelled'), { code: 'PGW_CANCELLED' }));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}
