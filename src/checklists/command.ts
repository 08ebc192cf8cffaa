/** The `pgwarden checklist --name NAME --report FILE` command: checks and connection handling around {@link runHeadless}. */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Session } from '../data/db';
import { classify } from '../data/errors';
import { runHeadless } from './headless';
import { loadChecklists, userChecklistDir } from './load';
import { errorLines } from '../text/lines';

export interface ChecklistCommand {
  name: string;
  reportFile: string;
  /** The read-only polling session, connected: checks never write. Closed at the end. */
  session: Session;
  serverKey: string;
  display: string;
  describe: string;
}

/** Ids of the checklists this user can run (built-in and their own). */
export async function checklistIds(env: NodeJS.ProcessEnv, home: string): Promise<string[]> {
  return (await loadChecklists(userChecklistDir(env, home))).checklists.map((c) => c.id);
}

/**
 * Why the report cannot be written to `file`, found before connecting (a run of every check that
 * ends on "ENOENT" wastes the operator's time and hides what failed), or undefined.
 */
export async function reportFileProblem(file: string): Promise<string | undefined> {
  const path = resolve(file);
  const where = `cannot write the report to ${path}`;
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return `${where}: it is a directory`;
  if (existing) {
    return access(path, constants.W_OK).then(
      () => undefined,
      (err: NodeJS.ErrnoException) => `${where}: the file is not writable (${err.code})`,
    );
  }
  const dir = dirname(path);
  const parent = await stat(dir).catch(() => undefined);
  if (!parent) return `${where}: the directory ${dir} does not exist`;
  if (!parent.isDirectory()) return `${where}: ${dir} is not a directory`;
  return access(dir, constants.W_OK | constants.X_OK).then(
    () => undefined,
    (err: NodeJS.ErrnoException) => `${where}: the directory ${dir} is not writable (${err.code})`,
  );
}

/** Exit code: 0 every check passed or warned, 1 a step failed, 2 could not run, 3 no step failed but one was unknown. */
export async function runChecklistCommand(o: ChecklistCommand): Promise<number> {
  const { session } = o;
  // Lines quote the server (errors, names) and checklist files: they pass the boundary.
  const log = (line: string): void => void process.stderr.write(errorLines(line));
  try {
    return await runHeadless({ name: o.name, reportFile: o.reportFile, session, serverKey: o.serverKey, server: o.display, env: process.env, home: homedir(), log });
  } catch (err) {
    const f = classify(err);
    log(f.kind === 'connection' ? `${o.describe}: ${f.message}` : f.message);
    return 2;
  } finally {
    await session.close();
  }
}
