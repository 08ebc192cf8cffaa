/**
 * `pgwarden checklist --name NAME --report FILE`: runs every automatic check without a terminal,
 * records the session in the server's state file (so the next run compares with it), and writes
 * the Markdown report. For cron: exit code 1 when a step fails, 3 when none fails but one is
 * unknown (it could not read all it judges).
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { ownPids, type Session } from '../data/db';
import { probe, type Capabilities } from '../data/server';
import { ChecklistController, localSlice, type ChecklistRuntime } from './controller';
import { exitStatus } from './session';

export interface HeadlessOptions {
  name: string;
  reportFile: string;
  session: Session;
  serverKey: string;
  /** Shown in the report: `user@host:port/db`. */
  server: string;
  env: NodeJS.ProcessEnv;
  home: string;
  now?: () => Date;
  log(line: string): void;
}

/** The operator's OS user name (the report says who ran it). */
export function operatorName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
}

/**
 * Runs the checklist and returns the exit code: 0 all pass or warn, 1 a step failed, 2 unusable
 * input, 3 a step unknown. The same controller as the checklist screen runs it (load, open a new
 * session, check every automatic step, finish with the report), with its own state holder.
 */
export async function runHeadless(o: HeadlessOptions): Promise<number> {
  // Probed once connected: the checklist name is checked before connecting.
  let caps: Capabilities | undefined;
  const probed = (): Capabilities => {
    if (!caps) throw new Error('not connected');
    return caps;
  };
  const runtime: ChecklistRuntime = {
    query: (t, p) => o.session.query(t, p),
    caps: async () => probed(),
    ownPids: () => ownPids(o.session),
    oneOff: (fn) => o.session.withDatabase(probed().database, fn),
    serverKey: o.serverKey,
    server: o.server,
    operator: operatorName(o.env),
    env: o.env,
    home: o.home,
  };
  const ctl = new ChecklistController(runtime, localSlice(), o.now);
  await ctl.load();
  const { defs, loadErrors } = ctl.get();
  for (const e of loadErrors) o.log(`ignored: ${e}`);
  if (!defs.some((c) => c.id === o.name)) {
    o.log(`unknown checklist "${o.name}" (known: ${defs.map((c) => c.id).join(', ')})`);
    return 2;
  }
  await o.session.connect();
  caps = await probe(o.session);
  await ctl.open(o.name, { fresh: true });
  // A state file that cannot be read fails the run (the screen would only say so).
  const opened = ctl.get().message ?? '';
  if (opened.startsWith('state not read: ')) throw new Error(opened);
  await ctl.run(undefined, { rethrow: true });
  await ctl.finish(o.reportFile).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`could not write the report to ${resolve(o.reportFile)}: ${err.code ?? err.message}`);
  });
  await ctl.saved();
  return exitStatus(ctl.get().session!);
}
