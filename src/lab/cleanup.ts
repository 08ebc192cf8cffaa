import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Last-resort cleanup for lab clusters: when the process exits or is interrupted while
 * clusters still run, their postmasters are shut down and their directories removed, so an
 * aborted test run leaves no servers or temp files behind. Everything here is synchronous
 * because an 'exit' listener cannot wait for promises.
 */

/** Servers and directories to clean up; the arrays are read at exit, so they may grow later. */
export interface CleanupEntry {
  /** Data directories whose postmaster.pid names a server to stop. */
  dataDirs: string[];
  /** Directories to remove afterwards. */
  dirs: string[];
  /** Files holding the pid of another server to stop (PgBouncer), sent SIGTERM: its immediate shutdown. */
  pidFiles?: string[];
}

const entries = new Map<number, CleanupEntry>();
let nextId = 1;
let installed = false;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Registers servers and directories for removal at exit.
 * @returns a function that unregisters them (call it after an orderly stop).
 */
export function registerCleanup(entry: CleanupEntry): () => void {
  install();
  const id = nextId++;
  entries.set(id, entry);
  return () => {
    entries.delete(id);
  };
}

/** Stops every registered server and removes every registered directory, synchronously. */
export function cleanupAllNow(): void {
  const all = [...entries.values()];
  entries.clear();
  const pids = all.flatMap((e) => e.dataDirs.map(postmasterPid)).filter((p): p is number => p !== undefined);
  // SIGQUIT is PostgreSQL's "immediate shutdown": the postmaster tells its children to quit
  // at once and exits; SIGKILL would orphan the backends and leave shared memory behind.
  for (const pid of pids) signal(pid, 'SIGQUIT');
  const others = all.flatMap((e) => (e.pidFiles ?? []).map(pidInFile)).filter((p): p is number => p !== undefined);
  for (const pid of others) signal(pid, 'SIGTERM');
  pids.push(...others);
  const deadline = Date.now() + 5000;
  while (pids.some(alive) && Date.now() < deadline) sleepSync(20);
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
  for (const dir of all.flatMap((e) => e.dirs)) rmSync(dir, { recursive: true, force: true });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', cleanupAllNow);
  for (const sig of SIGNALS) {
    const onSignal = (): void => {
      cleanupAllNow();
      // Adding a listener disables Node's default "exit on signal"; when nobody else handles
      // the signal, restore the default and re-raise it so the exit status stays truthful.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/** The postmaster's pid: the first line of postmaster.pid in its data directory. */
export function postmasterPid(dataDir: string): number | undefined {
  return pidInFile(join(dataDir, 'postmaster.pid'));
}

/** The pid on the first line of a pid file, or undefined when there is none. */
export function pidInFile(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
