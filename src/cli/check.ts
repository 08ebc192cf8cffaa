/**
 * `pgwarden check`: the problems, printed and judged like a monitoring plugin (check_postgres,
 * Nagios, Icinga, Sensu, Zabbix's external checks), so it drops into existing alerting:
 *
 *   PGWARDEN CRITICAL - pid 4242 (app billing, idle in transaction 3m12s) blocks 5 sessions (+2 more) | problems=3;;;0 critical=1;;;0 warning=2;;;0
 *   CRITICAL: pid 4242 (app billing, idle in transaction 3m12s) blocks 5 sessions [2 locks]
 *   WARNING: …
 *
 * Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (no connection, a bad preferences file). Two
 * readings a second apart, judged without a hold time (see src/problems/oneshot.ts): the
 * scheduler that runs the check applies its own retries before it alerts.
 */
import type { Snapshot } from '../data/collector';
import { Session, type ConnectPlan } from '../data/db';
import { classify } from '../data/errors';
import { Poller } from '../data/poller';
import { judgeTwoReadings, ONE_SHOT_COLLECTORS, ONE_SHOT_INTERVAL_MS } from '../problems/oneshot';
import type { Thresholds } from '../problems/thresholds';
import type { Problem } from '../problems/types';
import { safeLine } from '../text/sanitize';

export const EXIT = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;

const LABEL = { warning: 'WARNING', critical: 'CRITICAL' } as const;

/** Plugin output ends its text at the first '|' (perfdata follows): a query's '|' must not end it early. */
const plain = (s: string): string => s.replace(/\|/g, '/');

/** The plugin output for a list of problems (worst first) and its exit code. */
export function checkOutput(problems: readonly Problem[]): { text: string; code: number } {
  const critical = problems.filter((p) => p.severity === 'critical').length;
  const warning = problems.length - critical;
  const perf = `problems=${problems.length};;;0 critical=${critical};;;0 warning=${warning};;;0`;
  if (problems.length === 0) return { text: `PGWARDEN OK - no problems | ${perf}\n`, code: EXIT.OK };
  const worst = problems[0]!;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  const lines = [`PGWARDEN ${LABEL[worst.severity]} - ${plain(worst.text)}${more} | ${perf}`];
  for (const p of problems) lines.push(`${LABEL[p.severity]}: ${plain(p.text)} [${p.pane.key} ${p.pane.screen}]`);
  return { text: lines.join('\n') + '\n', code: critical ? EXIT.CRITICAL : EXIT.WARNING };
}

/** One UNKNOWN line (a failure to judge, not a problem of the server). */
export function unknownOutput(message: string): { text: string; code: number } {
  return { text: `PGWARDEN UNKNOWN - ${plain(safeLine(message))}\n`, code: EXIT.UNKNOWN };
}

/** Two readings `ONE_SHOT_INTERVAL_MS` apart on one session: what check and snapshot --json judge. */
export async function twoReadings(poller: Poller): Promise<[Snapshot, Snapshot]> {
  const first = await poller.once();
  await new Promise((r) => setTimeout(r, ONE_SHOT_INTERVAL_MS));
  return [first, await poller.once()];
}

export interface CheckCommand {
  plan: ConnectPlan;
  describe: string;
  thresholds: Thresholds;
  write?: (text: string) => void;
}

export async function runCheckCommand(o: CheckCommand): Promise<number> {
  const write = o.write ?? ((t: string) => void process.stdout.write(t));
  const session = new Session(o.plan);
  try {
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([...ONE_SHOT_COLLECTORS]);
    const [first, second] = await twoReadings(poller);
    const out = checkOutput(judgeTwoReadings(first, second, poller.capabilities!, o.thresholds).problems);
    write(out.text);
    return out.code;
  } catch (err) {
    const out = unknownOutput(`${o.describe}: ${classify(err).message}`);
    write(out.text);
    return out.code;
  } finally {
    await session.close();
  }
}
