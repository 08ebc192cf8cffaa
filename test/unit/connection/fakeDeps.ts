import type { ConnectionDeps } from '../../../src/data/connection';

/** A file in the fake file system: its text and st_mode (regular file by default). */
export type FakeFile = string | { text?: string; mode: number };

/** Deps over an in-memory file system; every read is recorded so tests can assert laziness. */
export function fakeDeps(files: Record<string, FakeFile> = {}, over: Partial<ConnectionDeps> = {}) {
  const reads: string[] = [];
  const deps: ConnectionDeps = {
    readFile(path) {
      reads.push(path);
      const f = files[path];
      if (f === undefined) return undefined;
      return typeof f === 'string' ? f : f.text;
    },
    statMode(path) {
      const f = files[path];
      if (f === undefined) return undefined;
      return typeof f === 'string' ? 0o100600 : f.mode;
    },
    homedir: '/home/ann',
    username: 'ann',
    socketDirs: ['/var/run/postgresql', '/tmp'],
    sysconfDir: '/etc/pg',
    ...over,
  };
  return { deps, reads };
}
