/**
 * The command line, parsed the way psql and libpq read theirs: `-Upostgres` is `-U postgres`
 * (getopt's attached value), `-w` never prompts for a password, `-V` prints the version.
 */
import yargs from 'yargs';

/** Short options that take a value, by long name: getopt reads the rest of the word as the value. */
const SHORT_WITH_VALUE: Record<string, string> = { h: 'host', p: 'port', U: 'username', d: 'dbname', r: 'refresh' };
/** Short flags, which getopt lets a word group (`-wV`); `-w` is psql's `--no-password`. */
const SHORT_FLAGS: Record<string, string> = { W: '--password', w: '--no-password', V: '--version', '?': '--help' };

/**
 * Reads short options as getopt does, before yargs sees them, and writes them in their long
 * form: `-Upostgres` and `-U postgres` → `--username=postgres`, `-p5433` → `--port=5433`,
 * `-wV` → `--no-password --version`. The `=` keeps a value that starts with a dash a value. A
 * letter pgwarden does not know is left for the parser to reject. After `--`, nothing is read.
 */
export function splitShortOptions(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    // `replay --at -5m` (five minutes before the end): the value looks like an option but is not.
    if (arg === '--at' && /^-/.test(argv[i + 1] ?? '')) {
      out.push(`--at=${argv[++i]!}`);
      continue;
    }
    if (!/^-[^-]/.test(arg)) {
      out.push(arg);
      continue;
    }
    let j = 1;
    for (; j < arg.length; j++) {
      const letter = arg[j]!;
      const long = SHORT_WITH_VALUE[letter];
      if (long) {
        // The value is the rest of the word, or else the next word, whatever it looks like.
        if (j + 1 < arg.length) out.push(`--${long}=${arg.slice(j + 1)}`);
        else if (i + 1 < argv.length) out.push(`--${long}=${argv[++i]!}`);
        else out.push(`--${long}`); // no value at all: the parser says so
        j = arg.length;
        break;
      }
      const flag = SHORT_FLAGS[letter];
      if (!flag) break;
      out.push(flag);
    }
    // An unknown letter: hand the rest of the word to yargs as it was written, to be reported.
    if (j < arg.length) out.push(j === 1 ? arg : `-${arg.slice(j)}`);
  }
  return out;
}

/** A command line pgwarden cannot run: reported in one line, exit code 2. */
export class UsageError extends Error {}

export function usageError(msg: string): never {
  throw new UsageError(msg);
}

/** Parses the command line; `help()` is the text for --help. Throws {@link UsageError}. */
export async function parseCommandLine(argv: string[]) {
  const parser = yargs(splitShortOptions(argv))
    .scriptName('pgwarden')
    .usage('Usage: $0 [options] [dbname [username]]\n       $0 [options] postgres://user@host:port/db\n       $0 snapshot --json [connection options]\n       $0 check [connection options]\n       $0 record --out FILE [--duration 1h] [--interval 1s] [connection options]\n       $0 replay FILE --at TIME --json | --report')
    // splitShortOptions reads grouped and attached short options the way getopt does; yargs's own
    // grouping would read -Upostgres as -U -p -o -s -t -g -r -e -s.
    .parserConfiguration({ 'camel-case-expansion': true, 'boolean-negation': true, 'short-option-groups': false })
    .option('host', { alias: 'h', type: 'string', describe: 'server host or socket directory' })
    // A string, as libpq takes it: yargs would turn "abc" into NaN before the port check sees it.
    .option('port', { alias: 'p', type: 'string', describe: 'server port' })
    .option('username', { alias: 'U', type: 'string', describe: 'database user name' })
    .option('dbname', { alias: 'd', type: 'string', describe: 'database name, URI or conninfo string' })
    .option('password', { alias: 'W', type: 'boolean', describe: 'prompt for a password before connecting (-w, --no-password: never prompt)' })
    .option('refresh', { alias: 'r', type: 'number', describe: "refresh interval in seconds (0.5 to 60; default 2, or the preferences file's)" })
    .option('config', { type: 'string', describe: 'preferences file (default $XDG_CONFIG_HOME/pgwarden/config.yaml)' })
    .option('read-only', { type: 'boolean', describe: 'disable every action on the server (also PGWARDEN_READ_ONLY=1)' })
    .option('color', { type: 'boolean', default: true, describe: 'use colours (--no-color or NO_COLOR turn them off)' })
    .option('prometheus', { type: 'string', describe: 'fill the fleet pane (0) from this Prometheus (http://host:9090) for every postgres_exporter instance it scrapes; Enter on one connects to its pgwarden_target label' })
    .option('json', { type: 'boolean', describe: 'with snapshot: print JSON' })
    .option('demo', { type: 'boolean', describe: 'start a throwaway PostgreSQL with a workload and watch it (removed on exit)' })
    .option('pgbouncer', { type: 'boolean', describe: "with --demo: watch the demo's PgBouncer (its admin console) instead of PostgreSQL" })
    .option('drill', { type: 'string', describe: 'with --demo: start an incident drill at once (lock-pileup, xmin-horizon, replica-lag, connection-storm, runaway-query, pool-exhaustion)' })
    .option('pid', { type: 'number', describe: "with explain: the backend whose current query to explain" })
    .option('queryid', { type: 'string', describe: 'with explain: the pg_stat_statements entry to explain as a generic plan (negative: --queryid=-123)' })
    .option('analyze', { type: 'boolean', describe: 'with explain: EXPLAIN ANALYZE, which runs the statement inside BEGIN … ROLLBACK' })
    .option('allow-writes', { type: 'boolean', describe: 'with explain --analyze: also run a statement that may write or take locks' })
    .option('file', { type: 'string', describe: 'with explain: read a plan from a file (- for stdin): EXPLAIN JSON or text, psql output, auto_explain log lines; no connection needed; on a terminal it opens the plan screen' })
    .option('as-self', { type: 'boolean', describe: "with explain: plan with pgwarden's own rights when the author's cannot be taken (its functions then run with them)" })
    .command('snapshot', 'print one snapshot of every pane and exit')
    .command('checklist', 'run a checklist\'s checks without a terminal (checklist --name weekly --report FILE); exit 1 when a step fails, 3 when one is unknown')
    .option('name', { type: 'string', describe: 'with checklist: the checklist to run (weekly, or a runbook\'s or your own checklist\'s id)' })
    .option('report', { type: 'string', describe: 'with checklist: write the Markdown report to this file; with replay: print the problems timeline in Markdown' })
    .command('check', 'print the problems and exit like a monitoring plugin: 0 OK, 1 warning, 2 critical, 3 unknown')
    .command('record', 'record every pane\'s data to a file without a terminal, until --duration or SIGINT/SIGTERM')
    .option('out', { type: 'string', describe: 'with record: the recording to write (created 0600, never overwritten)' })
    .option('duration', { type: 'string', describe: 'with record: stop after this long (90s, 15m, 1h; default: until SIGINT/SIGTERM)' })
    .option('interval', { type: 'string', describe: "with record: refresh interval (500ms to 60s; default --refresh or the preferences file's)" })
    .option('max-size', { type: 'string', describe: 'with record: start a new file past this size (100MB), the old one kept as FILE.1' })
    .option('rotate', { type: 'number', describe: 'with record --max-size: rotated files kept, FILE.1 to FILE.N (default 1)' })
    .option('record', { type: 'string', describe: 'in the monitor: record every pane to this file while you watch (as pgwarden record does; --max-size, --rotate and --normalize-queries apply)' })
    .option('normalize-queries', { type: 'boolean', describe: 'with record: write query texts with their constants replaced by $n (for recordings that leave the host)' })
    .command('replay', 'print a moment of a recording (replay FILE --at TIME --json) or its problems (--report)')
    .option('at', { type: 'string', describe: 'with replay: the moment (2026-12-05T03:12:41Z, 03:12:41 local time, +5m from the start, -1m from the end)' })
    .command('explain', 'print the plan tree and red flags of a backend\'s query (--pid), a statement (--queryid) or a plan file (--file)')
    // Help and version are printed by main, through the same output path as every subcommand
    // (yargs would print them and exit before a pipe has taken the text).
    .help(false)
    .version(false)
    .option('help', { alias: '?', type: 'boolean', describe: 'show this help, then exit' })
    .option('version', { alias: 'V', type: 'boolean', describe: 'show the version, then exit' })
    .strictOptions()
    .fail((msg, err) => {
      usageError(msg || err?.message || 'invalid arguments');
    })
    .wrap(Math.min(100, process.stdout.columns || 80));
  const args = await parser.parseAsync();
  return { args, help: () => parser.getHelp() };
}
