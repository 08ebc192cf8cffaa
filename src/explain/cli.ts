/**
 * `pgwarden explain --pid N | --queryid Q [--analyze [--allow-writes]] [--as-self] [--json]`: the
 * plan tree and red flags the plan screen shows, as text (or the raw EXPLAIN JSON), for scripts and
 * tickets. --analyze is the explicit request to run the statement; a statement that may write or
 * lock also needs --allow-writes. Both are refused in --read-only mode. A statement pgwarden cannot
 * plan with its author's rights (see rights.ts) is refused in one line that names the risk;
 * --as-self accepts it.
 */
import { Session, type ConnectPlan } from '../data/db';
import { classify } from '../data/errors';
import { probe } from '../data/server';
import { terminalSafeJson } from '../text/json';
import { planDocument } from './report';
import { safe, safeLine, safeMsg, trusted, type SafeText } from '../text/sanitize';
import { planText } from './render';
import { precheck } from './runner';
import { backendSource, createExplainService, sourceTitle, statementSources, type ExplainSource } from './service';
import { textsUnreadable } from '../data/collectors/statements';

export interface ExplainCommand {
  /** Connection settings of the action session (not read-only: ANALYZE of a write needs it). */
  plan: ConnectPlan;
  describe: string;
  pid?: number;
  queryId?: string;
  analyze: boolean;
  allowWrites: boolean;
  /** Plan with pgwarden's own rights when the author's cannot be taken (the operator accepts the risk). */
  asSelf?: boolean;
  json: boolean;
  readOnly: boolean;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

export const EXIT_OK = 0;
/** Refused, not found, or the server returned an error. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * What makes the command line unusable, checked before connecting (so nobody types a password for
 * a command that cannot run): the message and exit code, or undefined when it can run.
 */
export function explainArgsProblem(cmd: Pick<ExplainCommand, 'pid' | 'queryId' | 'analyze' | 'readOnly'>): { message: string; code: number } | undefined {
  if ((cmd.pid === undefined) === (cmd.queryId === undefined)) return { message: 'explain needs exactly one of --pid N or --queryid Q', code: EXIT_USAGE };
  if (cmd.pid !== undefined && !(Number.isInteger(cmd.pid) && cmd.pid > 0)) return { message: `--pid must be a process id, got ${cmd.pid}`, code: EXIT_USAGE };
  if (cmd.queryId !== undefined && !/^-?\d{1,20}$/.test(cmd.queryId)) {
    return { message: `--queryid must be a number (write a negative one as --queryid=-123), got ${cmd.queryId}`, code: EXIT_USAGE };
  }
  if (cmd.analyze && cmd.readOnly) return { message: 'EXPLAIN ANALYZE runs the statement; it is disabled in --read-only mode', code: EXIT_FAILED };
  return undefined;
}

/** Runs the subcommand; resolves with the exit code. */
export async function runExplainCommand(cmd: ExplainCommand): Promise<number> {
  const out = cmd.out ?? ((s: string) => void process.stdout.write(s));
  const err = cmd.err ?? ((s: string) => void process.stderr.write(s));
  // Every message line is display-safe: it quotes database names, queries and server errors.
  const say = (...lines: SafeText[]): void => err(lines.map((l) => `pgwarden: ${l}\n`).join(''));
  const problem = explainArgsProblem(cmd);
  if (problem) {
    say(safeLine(problem.message));
    return problem.code;
  }
  const session = new Session(cmd.plan);
  try {
    const caps = await probe(session);
    let source: ExplainSource | undefined;
    if (cmd.pid !== undefined) {
      source = await backendSource(session, caps, cmd.pid);
      if (!source) {
        say(safeMsg`no backend with pid ${cmd.pid}`);
        return EXIT_FAILED;
      }
    } else {
      const found = await statementSources(session, caps, cmd.queryId!);
      if (!found.length) {
        say(safeMsg`no pg_stat_statements entry with queryid ${cmd.queryId}`);
        return EXIT_FAILED;
      }
      source = found[0]!;
      const others = found.slice(1).filter((f) => f.database !== source!.database);
      if (others.length) say(safeMsg`queryid ${cmd.queryId} also ran in ${[...new Set(others.map((o) => o.database))].join(', ')}; explaining it in ${source.database} (most time)`);
    }
    if (cmd.analyze && source.query) {
      const pre = precheck(source.query, { major: caps.major, analyze: true, allowWrites: cmd.allowWrites, readOnly: false, inRecovery: caps.inRecovery });
      if ('ok' in pre && pre.reason === 'confirm-writes') {
        say(safeLine(pre.message), trusted('add --allow-writes to run it'));
        return EXIT_FAILED;
      }
      if (!('ok' in pre)) say(trusted('EXPLAIN ANALYZE executes the statement (inside BEGIN ... ROLLBACK)'));
    }
    const service = createExplainService(session, () => ({ caps, readOnly: cmd.readOnly }));
    const outcome = await service.run({ source, analyze: cmd.analyze, allowWrites: cmd.allowWrites, asSelf: cmd.asSelf === true });
    if (!outcome.ok) {
      say(
        safeLine(outcome.message + (outcome.reason === 'confirm-rights' ? ' (--as-self does)' : '')),
        ...(outcome.reason === 'confirm-writes' ? [trusted('add --allow-writes to run it')] : []),
      );
      return EXIT_FAILED;
    }
    if (cmd.json) {
      // The parsed tree, findings and summary as `explain --file --json` gives them, plus the
      // server's own EXPLAIN document.
      out(terminalSafeJson({ ...planDocument(outcome.result, outcome.flags), mode: outcome.mode, notes: outcome.notes, raw: outcome.raw }, 2) + '\n');
      return EXIT_OK;
    }
    const kind = outcome.mode === 'analyze' ? 'EXPLAIN ANALYZE' : outcome.mode === 'generic' ? 'EXPLAIN (generic plan)' : 'EXPLAIN';
    const text = planText(outcome.result, outcome.flags, { title: `${kind} of ${sourceTitle(source)}` });
    // Relation names, conditions and notes come from the server: printed through the same
    // sanitizer as the screen, so a crafted name cannot send escape sequences to the terminal.
    out(safe(text) + '\n' + outcome.notes.map((n) => `note: ${safeLine(n)}\n`).join(''));
    return EXIT_OK;
  } catch (e) {
    const f = classify(e);
    say(safeMsg`${cmd.describe}: ${f.message}`);
    // --queryid reads pg_stat_statements' texts: one text not valid here fails them all (see textsUnreadable).
    const unreadable = textsUnreadable(f);
    if (unreadable) say(safeLine(unreadable.note));
    return EXIT_FAILED;
  } finally {
    await session.close();
  }
}
