/**
 * The one way pgwarden ends after printing: what it wrote reaches the reader before the process
 * exits, and a reader that leaves early ends it quietly.
 *
 * Standard output to a pipe is asynchronous in Node on Linux: process.exit() right after a large
 * write drops whatever the pipe had not taken yet, and `snapshot --json | jq .` read half a
 * document. So every subcommand returns its exit code to {@link finish}, which waits until stdout
 * and stderr have handed everything to the kernel (a write's callback runs once the writes queued
 * before it are done) and only then exits.
 */

/**
 * Exit status when the reader of our output went away (EPIPE): 128 + SIGPIPE, the status bash
 * reports for `cat` or `psql` in the same place (both die of SIGPIPE). Node ignores SIGPIPE, so
 * pgwarden exits with that status instead of dying of the signal: `| head` stays silent, and a
 * script with `set -o pipefail` sees what it would see with cat. No stack trace, nothing on stderr.
 */
export const EXIT_BROKEN_PIPE = 141;

type Exit = (code: number) => never;

function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/** Writes `text` and resolves once the stream has handed it (and all before it) to the kernel. */
export function writeOut(text: string, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Installs the broken-pipe handling on stdout and stderr: a write that fails with EPIPE (the reader
 * closed its end) ends pgwarden at once with {@link EXIT_BROKEN_PIPE}. Other errors are left to
 * their owner (the monitor treats a failing terminal as the SSH link gone).
 */
export function guardOutput(exit: Exit = process.exit, streams: NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    s.on('error', (err) => {
      if (isBrokenPipe(err)) exit(EXIT_BROKEN_PIPE);
    });
  }
}

/**
 * Ends pgwarden with `code` once stdout and stderr are drained. A write error at this point means
 * nobody reads us: a run that had succeeded then ends with {@link EXIT_BROKEN_PIPE} (EPIPE) or 74
 * (EX_IOERR); a failure keeps its own code (the monitor's 129 after its terminal went away).
 */
export async function finish(code: number, exit: Exit = process.exit, streams: NodeJS.WritableStream[] = [process.stdout, process.stderr]): Promise<never> {
  try {
    await Promise.all(streams.map((s) => writeOut('', s)));
  } catch (err) {
    if (code === 0) return exit(isBrokenPipe(err) ? EXIT_BROKEN_PIPE : 74);
  }
  return exit(code);
}
