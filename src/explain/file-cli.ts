/**
 * `pgwarden explain --file PATH` (or `-` for stdin): a plan written elsewhere, read without any
 * database connection. Index suggestions then rely on the plan itself. Bad input is one line on
 * stderr naming what was expected and where reading stopped, exit 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { terminalSafeJson } from '../text/json';
import { safe } from '../text/sanitize';
import { redFlags } from './flags';
import { PlanInputError, readPlan } from './input';
import { planText } from './render';
import { planDocument } from './report';
import type { ExplainResult, RedFlag } from './types';

export interface PlanFileCommand {
  file: string;
  json: boolean;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Reads the file or stdin ("-"); replaceable in tests. */
  read?: (file: string) => string;
  /** Opens the plan screen instead of printing (a terminal is attached and --json was not asked). */
  openScreen?: (plan: { result: ExplainResult; flags: RedFlag[]; raw: string; title: string }) => Promise<number>;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;

export async function runPlanFile(cmd: PlanFileCommand): Promise<number> {
  const name = cmd.file === '-' ? 'stdin' : cmd.file;
  let input: string;
  try {
    input = (cmd.read ?? ((f) => readFileSync(f === '-' ? 0 : f, 'utf8')))(cmd.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    cmd.err(`pgwarden: cannot read ${safe(name)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : safe(e instanceof Error ? e.message : String(e))}\n`);
    return EXIT_USAGE;
  }
  let result: ExplainResult;
  try {
    result = readPlan(input);
  } catch (e) {
    const msg = e instanceof PlanInputError ? e.message : `expected an EXPLAIN plan; reading stopped: ${e instanceof Error ? e.message : String(e)}`;
    cmd.err(`pgwarden: ${safe(name)}: ${safe(msg)}\n`);
    return EXIT_USAGE;
  }
  const flags = redFlags(result);
  if (cmd.json) {
    cmd.out(terminalSafeJson(planDocument(result, flags), 2) + '\n');
    return EXIT_OK;
  }
  const kind = result.analyzed ? 'EXPLAIN ANALYZE' : 'EXPLAIN';
  const title = `${kind} from ${name}`;
  if (cmd.openScreen) return cmd.openScreen({ result, flags, raw: input, title });
  // Names and conditions in the plan are someone else's text: printed through the sanitizer.
  cmd.out(safe(planText(result, flags, { title })) + '\n');
  return EXIT_OK;
}
