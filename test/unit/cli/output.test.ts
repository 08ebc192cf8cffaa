import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT_BROKEN_PIPE, finish, guardOutput } from '../../../src/cli/output';

/** A stream that takes each chunk only when the test says so, like a pipe whose reader is slow. */
function slowPipe() {
  const pending: Array<(err?: Error | null) => void> = [];
  const stream = new Writable({
    highWaterMark: 4,
    write(_chunk, _enc, cb) {
      pending.push(cb);
    },
  });
  return { stream, pending };
}

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
const exit = (code: number): never => {
  throw new Exited(code);
};

describe('finish', () => {
  it('exits only after the stream has taken everything written before', async () => {
    const { stream, pending } = slowPipe();
    stream.write('a large document');
    let code: number | undefined;
    // What the stream still held when exit was called: checked at that moment, not after a pause.
    let heldAtExit: number | undefined;
    const exitNow = (c: number): never => {
      heldAtExit = stream.writableLength + pending.length;
      return exit(c);
    };
    const ended = finish(0, exitNow, [stream]).catch((e: Exited) => (code = e.code));
    // The reader takes one chunk at a time until pgwarden has exited.
    while (code === undefined) {
      await new Promise((r) => setImmediate(r));
      pending.shift()?.();
    }
    await ended;
    expect(code).toBe(0);
    expect(heldAtExit).toBe(0);
  });

  it('ends with 141 when the reader went away', async () => {
    const { stream, pending } = slowPipe();
    stream.on('error', () => undefined);
    stream.write('text');
    const ended = finish(0, exit, [stream]).catch((e: Exited) => e.code);
    pending.shift()!(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(await ended).toBe(EXIT_BROKEN_PIPE);
  });
});

describe('guardOutput', () => {
  it('turns EPIPE into a quiet exit with 141 and leaves other errors to their owner', () => {
    const { stream } = slowPipe();
    const codes: number[] = [];
    guardOutput(((c: number) => void codes.push(c)) as never, [stream]);
    stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    expect(codes).toEqual([]);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([EXIT_BROKEN_PIPE]);
  });
});

describe('finish after a failure', () => {
  it('keeps the failure code when the terminal is gone as well', async () => {
    const { stream, pending } = slowPipe();
    stream.on('error', () => undefined);
    stream.write('text');
    const ended = finish(129, exit, [stream]).catch((e: Exited) => e.code);
    pending.shift()!(Object.assign(new Error('write EIO'), { code: 'EIO' }));
    expect(await ended).toBe(129);
  });
});
