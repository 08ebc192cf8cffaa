/**
 * Entry point. Parses the command line like psql does, connects before taking the screen (so a
 * wrong password or host is one clear line, exit code 2), then runs the monitor or a subcommand.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import pkg from '../../package.json';
import { Session } from '../data/db';
import { classify } from '../data/errors';
import { Poller } from '../data/poller';
import { probe, type Capabilities } from '../data/server';
import { detectTerminal } from '../text/terminal';
import { connectVerified, resolvePlans, type ConnectFlags } from './connect';
import { SECTIONS, snapshotDocument } from './snapshot';

const EXIT_USAGE = 2;

function usageError(msg: string): never {
  process.stderr.write(`pgwarden: ${msg}\nTry "pgwarden --help" for more information.\n`);
  process.exit(EXIT_USAGE);
}

async function main(argv: string[]): Promise<number> {
  const parser = yargs(argv)
    .scriptName('pgwarden')
    .usage('Usage: $0 [options] [dbname [username]]\n       $0 [options] postgres://user@host:port/db\n       $0 snapshot --json [connection options]')
    .parserConfiguration({ 'camel-case-expansion': true, 'boolean-negation': true })
    .option('host', { alias: 'h', type: 'string', describe: 'server host or socket directory' })
    .option('port', { alias: 'p', type: 'number', describe: 'server port' })
    .option('username', { alias: 'U', type: 'string', describe: 'database user name' })
    .option('dbname', { alias: 'd', type: 'string', describe: 'database name, URI or conninfo string' })
    .option('password', { alias: 'W', type: 'boolean', describe: 'prompt for a password before connecting' })
    .option('refresh', { alias: 'r', type: 'number', default: 2, describe: 'refresh interval in seconds (0.5 to 60)' })
    .option('read-only', { type: 'boolean', describe: 'disable every action on the server (also PGWARDEN_READ_ONLY=1)' })
    .option('color', { type: 'boolean', default: true, describe: 'use colours (--no-color or NO_COLOR turn them off)' })
    .option('json', { type: 'boolean', describe: 'with snapshot: print JSON' })
    .option('demo', { type: 'boolean', describe: 'start a throwaway PostgreSQL with a workload and watch it (removed on exit)' })
    .option('drill', { type: 'string', describe: 'with --demo: start an incident drill at once (lock-pileup, xmin-horizon, replica-lag, connection-storm, runaway-query)' })
    .option('pid', { type: 'number', describe: "with explain: the backend whose current query to explain" })
    .option('queryid', { type: 'string', describe: 'with explain: the pg_stat_statements entry to explain as a generic plan (negative: --queryid=-123)' })
    .option('analyze', { type: 'boolean', describe: 'with explain: EXPLAIN ANALYZE, which runs the statement inside BEGIN … ROLLBACK' })
    .option('allow-writes', { type: 'boolean', describe: 'with explain --analyze: also run a statement that may write or take locks' })
    .option('as-self', { type: 'boolean', describe: "with explain: plan with pgwarden's own rights when the author's cannot be taken (its functions then run with them)" })
    .command('snapshot', 'print one snapshot of every pane and exit')
    .command('checklist', 'run a checklist\'s checks without a terminal (checklist weekly --report FILE); exit 1 when a step fails, 3 when one is unknown')
    .option('report', { type: 'string', describe: 'with checklist: write the Markdown report to this file' })
    .command('explain', 'print the plan tree and red flags of a backend\'s query (--pid) or a statement (--queryid)')
    .help('help')
    .alias('help', '?')
    .version('version', 'show the version', pkg.version)
    .strictOptions()
    .fail((msg, err) => {
      usageError(msg || err?.message || 'invalid arguments');
    })
    .wrap(Math.min(100, process.stdout.columns || 80));
  const args = await parser.parseAsync();
  const positional = args._.map(String);
  const sub = positional[0] === 'snapshot' ? 'snapshot' : positional[0] === 'explain' ? 'explain' : positional[0] === 'checklist' ? 'checklist' : undefined;
  const rest = sub === 'checklist' ? positional.slice(2) : sub ? positional.slice(1) : positional;
  if (rest.length > 2) usageError(`too many arguments: ${rest.slice(2).join(' ')}`);
  const refresh = Number(args.refresh);
  if (!Number.isFinite(refresh) || refresh < 0.5 || refresh > 60) usageError('--refresh must be between 0.5 and 60 seconds');

  const envReadOnly = /^(1|true|yes|on)$/i.test(process.env.PGWARDEN_READ_ONLY ?? '');
  const readOnly = Boolean(args.readOnly) || envReadOnly;
  const flags: ConnectFlags = {
    host: args.host,
    port: args.port,
    username: args.username,
    dbname: args.dbname,
    promptPassword: Boolean(args.password),
  };

  if (sub === 'snapshot') {
    if (!args.json) usageError('snapshot needs --json (the only output format)');
    const conn = await resolvePlans(rest, flags);
    if ('error' in conn) return fail(conn.error);
    const session = new Session(conn.plan);
    try {
      const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan(SECTIONS.flatMap((s) => s.collectors));
      // Rates (statements per second) need two readings: the first, then one about a second later.
      const first = SECTIONS.some((s) => s.twoReadings) ? await poller.once() : undefined;
      if (first) await new Promise((r) => setTimeout(r, 1000));
      const snap = await poller.once();
      const caps = poller.capabilities!;
      process.stdout.write(JSON.stringify(snapshotDocument(snap, caps, pkg.version, first), null, 2) + '\n');
      return 0;
    } catch (err) {
      return fail(`${conn.describe}: ${classify(err).message}`);
    } finally {
      await session.close();
    }
  }

  if (sub === 'checklist') {
    if (!positional[1]) usageError('checklist needs a name, e.g. "pgwarden checklist weekly --report weekly.md"');
    if (!args.report) usageError('checklist needs --report FILE (the Markdown report to write)');
    const conn = await resolvePlans(rest, flags);
    if ('error' in conn) return fail(conn.error);
    const { runChecklistCommand } = await import('../checklists/command');
    return runChecklistCommand({ name: positional[1], reportFile: args.report, plan: conn.plan, serverKey: conn.target.serverKey, display: conn.display, describe: conn.describe });
  }

  if (sub === 'explain') {
    const conn = await resolvePlans(rest, flags);
    if ('error' in conn) return fail(conn.error);
    const { runExplainCommand } = await import('../explain/cli');
    return runExplainCommand({
      plan: conn.actionPlan,
      describe: conn.describe,
      pid: args.pid,
      queryId: args.queryid,
      analyze: Boolean(args.analyze),
      allowWrites: Boolean(args.allowWrites),
      asSelf: Boolean(args.asSelf),
      json: Boolean(args.json),
      readOnly,
    });
  }

  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    return fail('the monitor needs a terminal; for scripts use "pgwarden snapshot --json"');
  }
  // --demo: start the lab cluster, then connect to its primary exactly as a normal run would.
  let demo: import('../demo').Demo | undefined;
  if (args.demo || args.drill !== undefined) {
    const { isDrillId, startDemo } = await import('../demo');
    if (args.drill !== undefined && !isDrillId(args.drill)) usageError(`unknown drill: ${args.drill}`);
    if (rest.length > 0 || flags.host || flags.port || flags.dbname) usageError('--demo starts its own server: no connection options');
    demo = await startDemo({ log: (l) => process.stderr.write(`pgwarden: ${l}\n`) });
    rest.length = 0;
    Object.assign(flags, { host: demo.primary.host, port: demo.primary.port, username: 'postgres', dbname: 'postgres' });
    if (args.drill !== undefined && isDrillId(args.drill)) void demo.drills.start(args.drill);
  }
  try {
    return await monitor(demo);
  } finally {
    await demo?.stop();
  }

  async function monitor(demo: import('../demo').Demo | undefined): Promise<number> {
  const verified = await connectVerified(rest, flags);
  if ('error' in verified) return fail(verified.error);
  const { conn, poll } = verified;
  const action = new Session(conn.actionPlan);
  let caps: Capabilities;
  try {
    caps = await probe(poll);
  } catch (err) {
    await poll.close();
    return fail(`${conn.describe}: ${classify(err).message}`);
  }
  const term = detectTerminal(process.env, { noColorFlag: args.color === false, isTTY: true });
  // Screen 6 runs its checks on the read-only polling session (queued between refreshes).
  const { setChecklistRuntime } = await import('../screens/checklist/controller');
  const { operatorName } = await import('../checklists/headless');
  setChecklistRuntime({
    query: (text, params) => poll.query(text, params),
    // The capabilities probed at start, as the poller uses them: a check run needs no new probe.
    caps: async () => caps,
    ownPids: () => [...poll.pids(), ...action.pids()],
    // User checks defined by SQL run on a connection of their own, never between the poller's statements.
    oneOff: (fn) => poll.withDatabase(caps.database, fn),
    serverKey: conn.target.serverKey,
    server: conn.display,
    operator: operatorName(process.env),
    env: process.env,
    home: (await import('node:os')).homedir(),
  });
  const { runTui } = await import('./tui');
  return runTui({
    poll,
    action,
    caps,
    target: conn.display,
    readOnly,
    intervalMs: refresh * 1000,
    color: term.color,
    unicode: term.unicode,
    ...(demo ? { addon: demo.addon, target: `demo ${conn.display}` } : {}),
  });
  }
}

function fail(message: string): number {
  process.stderr.write(`pgwarden: ${message}\n`);
  return EXIT_USAGE;
}

main(hideBin(process.argv)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`pgwarden: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EXIT_USAGE);
  },
);
