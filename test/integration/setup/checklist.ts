/** Running checklist steps against a lab database, and earlier sessions built from a run's results. */
import { weekly } from '../../../src/checklists/defs/weekly';
import { runSteps } from '../../../src/checklists/run';
import { finishSession, recordResult, startSession } from '../../../src/checklists/session';
import type { SessionRecord } from '../../../src/checklists/state';
import type { CheckResult, StepDef } from '../../../src/checklists/types';
import { Session } from '../../../src/data/db';
import { probe } from '../../../src/data/server';
import type { Endpoint } from './types';

/** pgwarden's own session as a superuser on `db`. */
export const checkSession = (endpoint: Endpoint, db: string): Session =>
  new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });

/** Runs `steps` with `history` as the earlier finished sessions. */
export async function runChecks(s: Session, steps: readonly StepDef[], history: SessionRecord[] = []): Promise<Map<string, CheckResult>> {
  await s.connect();
  return runSteps({ query: (t, p) => s.query(t, p), caps: await probe(s), ownPids: s.pid === undefined ? [] : [s.pid], history }, steps);
}

/** A finished weekly session holding a run's results, as the state file keeps it. */
export function asSession(results: Map<string, CheckResult>, at: Date): SessionRecord {
  let rec = startSession(weekly, 'tester', at);
  for (const [id, r] of results) rec = recordResult(rec, id, r, at);
  return finishSession(rec, at);
}
