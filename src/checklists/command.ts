/** The `pgwarden checklist <name> --report FILE` command: connection handling around {@link runHeadless}. */
import { homedir } from 'node:os';
import { Session, type ConnectPlan } from '../data/db';
import { classify } from '../data/errors';
import { runHeadless } from './headless';
import { errorLines } from '../text/lines';

export interface ChecklistCommand {
  name: string;
  reportFile: string;
  /** The read-only polling plan: checks never write. */
  plan: ConnectPlan;
  serverKey: string;
  display: string;
  describe: string;
}

/** Exit code: 0 every check passed or warned, 1 a step failed, 2 could not run. */
export async function runChecklistCommand(o: ChecklistCommand): Promise<number> {
  const session = new Session(o.plan);
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
