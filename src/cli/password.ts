/**
 * Reads a password from the terminal without echo, once, before the UI takes the screen (psql -W).
 * The password lives only in memory: never in argv, the screen or a log.
 */
export async function promptPassword(prompt: string, input: NodeJS.ReadStream = process.stdin, out: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) throw new Error('a password was asked for but standard input is not a terminal (use PGPASSWORD or ~/.pgpass)');
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
