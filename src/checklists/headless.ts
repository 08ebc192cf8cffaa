/**
 * `pgwarden checklist --name NAME --report FILE`: runs every automatic check without a terminal,
 * records the session in the server's state file (so the next run compares with it), and writes
 * the Markdown report. For cron: exit code 1 when a step fails, 3 when none fails but one is
 * unknown (it could not read all it judges).
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { ownPids, type Session } from '../data/db';
import { probe } from '../data/server';
import { loadChecklists, userChecklistDir } from './load';
import { renderReport } from './report';
import { runSteps } from './run';
import { exitStatus, finishSession, recordResult, startSession } from './session';
import { history, readState, statePath, upsertSession, writeState } from './state';

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

/** Runs the checklist and returns the exit code: 0 all pass or warn, 1 a step failed, 2 unusable input, 3 a step unknown. */
export async function runHeadless(o: HeadlessOptions): Promise<number> {
  const now = o.now ?? (() => new Date());
  const { checklists, errors } = await loadChecklists(userChecklistDir(o.env, o.home));
  for (const e of errors) o.log(`ignored: ${e}`);
  const def = checklists.find((c) => c.id === o.name);
  if (!def) {
    o.log(`unknown checklist "${o.name}" (known: ${checklists.map((c) => c.id).join(', ')})`);
    return 2;
  }
  await o.session.connect();
  const caps = await probe(o.session);
  let rec = startSession(def, operatorName(o.env), now());
  const path = statePath(o.env, o.home, o.serverKey);
  const state = await readState(path, o.serverKey);
  // Earlier runs first: growth and connection trends are computed against them.
  const past = history(state, def.id, rec);
  const results = await runSteps({ query: (t, p) => o.session.query(t, p), caps, ownPids: ownPids(o.session), history: past, oneOff: (fn) => o.session.withDatabase(caps.database, fn) }, def.steps);
  for (const [id, r] of results) rec = recordResult(rec, id, r, now());
  rec = finishSession(rec, now());
  const prev = past.at(-1);
  await writeState(path, upsertSession(state, rec));
  const report = renderReport({ def, session: rec, previous: prev, server: o.server, version: caps.version });
  // 0600 like every file pgwarden writes: a report quotes queries and names from the server.
  await writeFile(o.reportFile, report, { mode: 0o600 }).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`could not write the report to ${resolve(o.reportFile)}: ${err.code ?? err.message}`);
  });
  return exitStatus(rec);
}
