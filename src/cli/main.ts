/**
 * Entry point. Parses the command line like psql does, connects before taking the screen (so a
 * wrong password or host is one clear line, exit code 2), then runs the monitor or a subcommand.
 */
import { homedir } from 'node:os';
import { hideBin } from 'yargs/helpers';
import pkg from '../../package.json';
import type { ChecklistRuntime } from '../checklists/controller';
import { ownPids, Session } from '../data/db';
import { classify } from '../data/errors';
import { probe, type Capabilities } from '../data/server';
import { detectTerminal } from '../text/terminal';
import { safeLine } from '../text/sanitize';
import { parseCommandLine, usageError, UsageError } from './args';
import { connectVerified, resolvePlans, type ConnectFlags } from './connect';
import { finish, guardOutput, writeOut } from './output';
import { forServer, readPreferences } from './prefs';
import { errorLines } from '../text/lines';
import { mark } from '../render/startup-trace';
import { uiReady } from './ui-ready';

const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const { args, help } = await parseCommandLine(argv);
  if (args.help) {
    await writeOut(`${await help()}\n`);
    return 0;
  }
  if (args.version) {
    await writeOut(`${pkg.version}\n`);
    return 0;
  }
  const positional = args._.map(String);
  // Repeated -h/-p/-d come as arrays (several servers, src/fleet); one server's code reads the last.
  const many = { host: args.host as string | string[] | undefined, port: args.port as string | string[] | undefined, dbname: args.dbname as string | string[] | undefined };
  const lastOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);
  const SUBS = ['snapshot', 'explain', 'checklist', 'check', 'record', 'replay'] as const;
  const sub = SUBS.find((s) => s === positional[0]);
  // The same positional arguments in every subcommand: [dbname [username]], as psql reads them.
  const rest = sub ? positional.slice(1) : positional;
  const { targetSpecs } = await import('../fleet/targets');
  let specs: ReturnType<typeof targetSpecs>;
  try {
    specs = sub ? undefined : targetSpecs(rest, { ...many, username: args.username });
  } catch (err) {
    usageError(err instanceof Error ? err.message : String(err));
  }
  if (rest.length > 2 && !specs) usageError(`too many arguments: ${rest.slice(2).join(' ')}`);
  const refreshFlag = args.refresh === undefined ? undefined : Number(args.refresh);
  if (refreshFlag !== undefined && (!Number.isFinite(refreshFlag) || refreshFlag < 0.5 || refreshFlag > 60)) usageError('--refresh must be between 0.5 and 60 seconds');
  const prefs = await readPreferences(args.config);

  const envReadOnly = /^(1|true|yes|on)$/i.test(process.env.PGWARDEN_READ_ONLY ?? '');
  const readOnly = Boolean(args.readOnly) || envReadOnly;
  const flags: ConnectFlags = {
    host: lastOf(many.host),
    port: lastOf(many.port),
    username: args.username,
    dbname: lastOf(many.dbname),
    // -W and -w: the last one given wins, as in psql (yargs keeps the last value).
    promptPassword: args.password === true,
    neverPrompt: args.password === false,
  };

  if (sub === 'check') {
    const { runCheckCommand, unknownOutput } = await import('./check');
    const unknown = async (m: string): Promise<number> => {
      const out = unknownOutput(m);
      await writeOut(out.text);
      return out.code;
    };
    if ('error' in prefs) return unknown(prefs.error.split('\n')[0]!);
    const conn = await resolvePlans(rest, flags);
    if ('error' in conn) return unknown(conn.error);
    return runCheckCommand({ plan: conn.plan, describe: conn.describe, thresholds: forServer(prefs, conn.target.serverKey, refreshFlag).thresholds });
  }
  if ('error' in prefs) return fail(prefs.error);
  const userPrefs = prefs;

  if (sub === 'replay') {
    // `--report FILE` reads as the report option's value: it is the recording all the same.
    const file = rest[0] ?? (typeof args.report === 'string' && args.report ? args.report : undefined);
    if (!file || rest.length > 1) usageError('replay needs one FILE: "pgwarden replay FILE" (on a terminal), "pgwarden replay FILE --at TIME --json" or "pgwarden replay FILE --report"');
    const report = args.report !== undefined;
    if (!report && args.at === undefined) return replayScreen(file, userPrefs, args.color === false);
    if (report && args.at !== undefined) usageError('replay takes --at TIME --json, or --report, not both');
    if (!report && !args.json) usageError('replay --at needs --json (the only output format of a moment)');
    const { replayOutput } = await import('./replay');
    const out = replayOutput({ file, at: args.at, json: Boolean(args.json), report, version: pkg.version, thresholds: (key) => forServer(prefs, key, refreshFlag).thresholds });
    if ('error' in out) return fail(out.error);
    // Markdown leaves through the same boundary as JSON: cell() in the report, and this.
    await writeOut(out.text);
    return 0;
  }

  if (sub === 'record') {
    const { logLine, onStopSignal, recordPlan, runRecord } = await import('./record');
    const defaultInterval = forServer(prefs, '', refreshFlag).refreshSeconds;
    const plan = recordPlan({ out: args.out, duration: args.duration, interval: args.interval, maxSize: args.maxSize, rotate: args.rotate, normalizeQueries: args.normalizeQueries }, defaultInterval);
    if (typeof plan === 'string') usageError(plan);
    const stop = onStopSignal();
    const verified = await connectVerified(rest, flags);
    if ('error' in verified) return fail(verified.error);
    const { conn, poll } = verified;
    if (conn.plan.kind === 'pgbouncer') {
      await poll.close();
      return fail(`${conn.describe}: PgBouncer's admin console is shown by the monitor only; ${sub} reads PostgreSQL`);
    }
    return runRecord({ plan, session: poll, server: conn.display, serverKey: conn.target.serverKey, describe: conn.describe, version: pkg.version, log: logLine, stop });
  }

  if (sub === 'snapshot') {
    if (!args.json) usageError('snapshot needs --json (the only output format)');
    // Connected and verified like the monitor: a server that wants a password gets one prompt.
    const verified = await connectVerified(rest, flags);
    if ('error' in verified) return fail(verified.error);
    const { conn, poll: session } = verified;
    if (conn.plan.kind === 'pgbouncer') {
      await session.close();
      return fail(`${conn.describe}: PgBouncer's admin console is shown by the monitor only; ${sub} reads PostgreSQL`);
    }
    try {
      const [{ Poller }, { SECTIONS, snapshotDocument }, { terminalSafeJson }] = await Promise.all([import('../data/poller'), import('./snapshot'), import('../text/json')]);
      const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan(SECTIONS.flatMap((s) => s.collectors));
      // Rates (statements per second) need two readings: the first, then one about a second later.
      const first = SECTIONS.some((s) => s.twoReadings) ? await poller.once() : undefined;
      if (first) await new Promise((r) => setTimeout(r, 1000));
      const snap = await poller.once();
      const caps = poller.capabilities!;
      const { thresholds } = forServer(prefs, conn.target.serverKey, refreshFlag);
      await writeOut(terminalSafeJson(snapshotDocument(snap, caps, pkg.version, first, { thresholds }), 2) + '\n');
      return 0;
    } catch (err) {
      return fail(`${conn.describe}: ${classify(err).message}`);
    } finally {
      await session.close();
    }
  }

  if (sub === 'checklist') {
    // Everything that can be checked without the server is checked before connecting.
    const { checklistIds, reportFileProblem, runChecklistCommand } = await import('../checklists/command');
    const known = await checklistIds(process.env, homedir());
    const example = `pgwarden checklist --name ${known[0] ?? 'weekly'} --report ${known[0] ?? 'weekly'}.md`;
    if (!args.name) {
      // The name used to be positional: say what it is now rather than connect to a database called "weekly".
      const hint = rest[0] && known.includes(rest[0]) ? `; "${rest[0]}" here would be a database name, write --name ${rest[0]}` : '';
      usageError(`checklist needs --name NAME (known: ${known.join(', ')})${hint}, e.g. "${example}"`);
    }
    if (!known.includes(args.name)) usageError(`unknown checklist "${args.name}" (known: ${known.join(', ')})`);
    if (!args.report) usageError(`checklist needs --report FILE (the Markdown report to write), e.g. "${example}"`);
    const reportProblem = await reportFileProblem(args.report);
    if (reportProblem) return fail(reportProblem);
    const verified = await connectVerified(rest, flags);
    if ('error' in verified) return fail(verified.error);
    const { conn, poll } = verified;
    if (conn.plan.kind === 'pgbouncer') {
      await poll.close();
      return fail(`${conn.describe}: PgBouncer's admin console is shown by the monitor only; ${sub} reads PostgreSQL`);
    }
    return runChecklistCommand({ name: args.name, reportFile: args.report, session: poll, serverKey: conn.target.serverKey, display: conn.display, describe: conn.describe });
  }

  if (sub === 'explain' && args.file !== undefined) {
    if (args.pid !== undefined || args.queryid !== undefined || args.analyze) usageError('explain --file reads a plan already made: no --pid, --queryid or --analyze');
    // yargs reads "--file -" as an empty value followed by a positional "-".
    const file = args.file === '' && rest.includes('-') ? '-' : String(args.file);
    if (!file) usageError('--file needs a path (- for stdin)');
    const { runPlanFile } = await import('../explain/file-cli');
    type PlanFileCommand = import('../explain/file-cli').PlanFileCommand;
    // On a terminal the plan screen opens on it; piped or redirected, the text report is printed.
    const tty = Boolean(process.stdout.isTTY && process.stdin.isTTY);
    const openScreen: PlanFileCommand['openScreen'] = async ({ result, flags, raw }) => {
      await uiReady();
      const { runPlanViewer } = await import('./plan-viewer');
      const { statementText } = await import('../explain/input');
      const term = detectTerminal(process.env, { noColorFlag: args.color === false, isTTY: true });
      return runPlanViewer({ plan: { result, flags, raw, name: file === '-' ? 'stdin' : file, query: statementText(raw) }, color: term.color, unicode: term.unicode, light: userPrefs.lightBackground });
    };
    return runPlanFile({ file, json: Boolean(args.json), out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s), ...(tty ? { openScreen } : {}) });
  }

  if (sub === 'explain') {
    const { explainArgsProblem, runExplainCommand } = await import('../explain/cli');
    const problem = explainArgsProblem({ pid: args.pid, queryId: args.queryid, analyze: Boolean(args.analyze), readOnly });
    if (problem) {
      process.stderr.write(`pgwarden: ${problem.message}\n`);
      return problem.code;
    }
    // Verified first, for the password prompt; the plan then carries the password typed.
    const verified = await connectVerified(rest, flags);
    if ('error' in verified) return fail(verified.error);
    const { conn, poll } = verified;
    if (conn.plan.kind === 'pgbouncer') {
      await poll.close();
      return fail(`${conn.describe}: PgBouncer's admin console is shown by the monitor only; ${sub} reads PostgreSQL`);
    }
    await poll.close();
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
  if (args.pgbouncer && !args.demo && args.drill === undefined) usageError('--pgbouncer goes with --demo; for your own PgBouncer connect to its database pgbouncer');
  // The file's default sorts and hidden columns name the panes' columns, which only the panes know: checked before connecting (or starting a demo).
  // The panes' modules are most of the UI: a file that names none of their columns does not wait
  // for them here; they then load while the connection is being made (loadUi below).
  const namesColumns = Object.keys(userPrefs.defaultSort).length > 0 || Object.keys(userPrefs.hiddenColumns).length > 0;
  let sorted: { tables: Record<string, import('../state/ui').TableState> } = { tables: {} };
  if (namesColumns) {
    const { checkHiddenColumns, tablesFromPreferences } = await import('../screens/preferences');
    const fromFile = tablesFromPreferences(userPrefs.defaultSort, userPrefs.file);
    const paneErrors = [...fromFile.errors, ...checkHiddenColumns(userPrefs.hiddenColumns, userPrefs.file)];
    if (paneErrors.length) return fail(paneErrors.map((e) => safeLine(e)).join('\n'));
    sorted = fromFile;
  }
  // Every server's rewind keeps this much (the preferences file's rewind_memory and rewind_window).
  const rewindBudget = { maxBytes: userPrefs.rewind.memoryBytes, windowMs: userPrefs.rewind.windowSeconds === undefined ? undefined : userPrefs.rewind.windowSeconds * 1000 };
  // The preferences file's list of servers, when the command line names none.
  const named = rest.length > 0 || flags.host !== undefined || flags.port !== undefined || flags.dbname !== undefined;
  if (!specs && !named && userPrefs.fleet.length && !args.demo && args.drill === undefined) {
    specs = userPrefs.fleet.map((f) => ({ name: f.name, positional: [f.target], flags: { username: flags.username } }));
  }
  if (args.prometheus !== undefined && !specs) {
    if (args.demo || args.drill !== undefined) usageError('--prometheus watches your servers: not with --demo');
    // The session's own server, as psql would connect to it, plus every instance Prometheus knows.
    specs = [{ positional: rest, flags: { host: flags.host, port: flags.port === undefined ? undefined : String(flags.port), username: flags.username, dbname: flags.dbname } }];
  }
  if (specs && !args.demo && args.drill === undefined) {
    const { runFleet } = await import('./fleet');
    const term = detectTerminal(process.env, { noColorFlag: args.color === false, isTTY: true });
    if (args.record !== undefined) usageError('--record FILE records one server: with several servers, run pgwarden record --out FILE for each');
    const r = await runFleet(specs, flags, userPrefs, refreshFlag, { readOnly, color: term.color, unicode: term.unicode, light: userPrefs.lightBackground, tables: sorted.tables, hiddenColumns: userPrefs.hiddenColumns, rewind: rewindBudget }, args.prometheus);
    return typeof r === 'number' ? r : fail(r.error);
  }
  let demo: import('../demo').Demo | undefined;
  if (args.demo || args.drill !== undefined) {
    const { isDrillId, startDemo } = await import('../demo');
    if (args.drill !== undefined && !isDrillId(args.drill)) usageError(`unknown drill: ${args.drill}`);
    if (rest.length > 0 || flags.host || flags.port || flags.dbname) usageError('--demo starts its own server: no connection options');
    demo = await startDemo({ log: (l) => process.stderr.write(errorLines(l)) });
    rest.length = 0;
    Object.assign(flags, { host: demo.primary.host, port: demo.primary.port, username: 'postgres', dbname: 'postgres' });
    if (args.pgbouncer) {
      if (!demo.bouncer) {
        await demo.stop();
        return fail('--pgbouncer: the demo has no PgBouncer (Debian: apt-get install pgbouncer)');
      }
      // Its console asks for a SCRAM password: the demo's password file has it (0600, ours).
      process.env.PGPASSFILE = demo.bouncer.passfile;
      Object.assign(flags, { host: demo.bouncer.endpoint.tcpHost, port: demo.bouncer.endpoint.port, dbname: 'pgbouncer' });
    }
    if (args.drill !== undefined && isDrillId(args.drill)) void demo.drills.start(args.drill);
  }
  try {
    return await monitor(demo);
  } finally {
    await demo?.stop();
  }

  async function monitor(demo: import('../demo').Demo | undefined): Promise<number> {
  const ui = loadUi();
  const verified = await connectVerified(rest, flags);
  if ('error' in verified) return fail(verified.error);
  mark('connected');
  const { conn, poll } = verified;
  const action = new Session(conn.actionPlan);
  const term0 = detectTerminal(process.env, { noColorFlag: args.color === false, isTTY: true });
  if (conn.plan.kind === 'pgbouncer') {
    // PgBouncer's admin console: no PostgreSQL probe (it would fail), the PgBouncer pane instead.
    const { runTui } = (await ui).tui;
    return runTui({
      poll,
      action,
      bouncer: true,
      target: `PgBouncer ${conn.display}`,
      readOnly,
      intervalMs: forServer(userPrefs, conn.target.serverKey, refreshFlag).refreshSeconds * 1000,
      color: term0.color,
      unicode: term0.unicode,
      ...(demo ? { addon: demo.addon, target: `demo PgBouncer ${conn.display}` } : {}),
    });
  }
  let caps: Capabilities;
  try {
    caps = await probe(poll);
    mark('probed');
  } catch (err) {
    await poll.close();
    return fail(`${conn.describe}: ${classify(err).message}`);
  }
  const term = detectTerminal(process.env, { noColorFlag: args.color === false, isTTY: true });
  const { tui, headless } = await ui;
  mark('ui loaded');
  const server = forServer(userPrefs, conn.target.serverKey, refreshFlag);
  let record: import('../recorder/tuiRecorder').TuiRecording | undefined;
  if (args.record !== undefined) {
    // Opened before the screen is taken: a file that exists or cannot be created is one clear line.
    const { openWriter, recordPlan, recordedCollectors } = await import('./record');
    const plan = recordPlan({ out: args.record, maxSize: args.maxSize, rotate: args.rotate, normalizeQueries: args.normalizeQueries }, server.refreshSeconds);
    if (typeof plan === 'string') {
      await Promise.allSettled([poll.close(), action.close()]);
      return fail(plan.replace(/^record needs --out FILE.*$/, '--record needs a FILE'));
    }
    const collectors = recordedCollectors();
    try {
      record = { writer: openWriter(plan, { version: pkg.version, caps, server: conn.display, serverKey: conn.target.serverKey, collectors }), path: plan.out, collectors };
    } catch (err) {
      await Promise.allSettled([poll.close(), action.close()]);
      return fail(`${plan.out}: ${(err as Error).message}`);
    }
  }
  // Screen 6 runs its checks on the read-only polling session (queued between refreshes).
  const { operatorName } = headless;
  const checklists: ChecklistRuntime = {
    query: (text, params) => poll.query(text, params),
    // The capabilities probed at start, as the poller uses them: a check run needs no new probe.
    caps: async () => caps,
    ownPids: () => ownPids(poll, action),
    // User checks defined by SQL run on a connection of their own, never between the poller's statements.
    oneOff: (fn) => poll.withDatabase(caps.database, fn),
    serverKey: conn.target.serverKey,
    server: conn.display,
    operator: operatorName(process.env),
    env: process.env,
    home: homedir(),
  };
  const { runTui } = tui;
  const code = await runTui({
    record,
    poll,
    action,
    caps,
    target: conn.display,
    readOnly,
    intervalMs: server.refreshSeconds * 1000,
    thresholds: server.thresholds,
    tables: sorted.tables,
    hiddenColumns: userPrefs.hiddenColumns,
    light: userPrefs.lightBackground,
    rewind: rewindBudget,
    color: term.color,
    unicode: term.unicode,
    checklists,
    ...(demo ? { addon: demo.addon, target: `demo ${conn.display}` } : {}),
  });
  return code;
  }
}

/** `pgwarden replay FILE` on a terminal: the monitor's screens over the recording. */
async function replayScreen(file: string, prefs: import('../prefs/parse').Preferences, noColor: boolean): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) return fail('replay FILE opens the screens on a terminal; for scripts use "pgwarden replay FILE --at TIME --json" or "--report"');
  const { openRecording } = await import('../recorder/reader');
  const { RecordingError } = await import('../recorder/format');
  let rec;
  try {
    rec = openRecording(file);
  } catch (err) {
    if (err instanceof RecordingError) return fail(err.message);
    return fail(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (rec.length === 0) return fail(`${file}: no snapshot was recorded`);
  const { tablesFromPreferences } = await import('../screens/preferences');
  const term = detectTerminal(process.env, { noColorFlag: noColor, isTTY: true });
  const { runReplayTui } = await import('./replayTui');
  await uiReady();
  return runReplayTui({
    rec,
    file,
    thresholds: forServer(prefs, rec.header.serverKey ?? '', undefined).thresholds,
    color: term.color,
    unicode: term.unicode,
    light: prefs.lightBackground,
    tables: tablesFromPreferences(prefs.defaultSort, prefs.file).tables,
    hiddenColumns: prefs.hiddenColumns,
  });
}

/**
 * The monitor's UI modules (ink, React, yoga's WebAssembly, the panes), loaded while the
 * connection is being made rather than before or after it. Deferred by two turns of the event
 * loop: in the first the connection's socket is opened; its connect callback, which sends the
 * startup message, runs in the second (a local socket connects at once), before this. A single
 * turn set yoga up (7 ms of CPU) before the startup message went out: the server waited for it
 * instead of forking its backend and authenticating meanwhile.
 */
function loadUi() {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const loaded = turn().then(turn).then(async () => {
    await uiReady();
    return uiModules();
  });
  // A failed connection returns before awaiting it: its rejection must not go unhandled.
  loaded.catch(() => undefined);
  return loaded;
}

function fail(message: string): number {
  process.stderr.write(errorLines(message));
  return EXIT_USAGE;
}

/** The monitor's UI modules; evaluating them needs nothing from the terminal, the environment or yoga. */
export async function uiModules() {
  const [tui, headless] = await Promise.all([import('./tui'), import('../checklists/headless')]);
  return { tui, headless };
}

/** The single executable's snapshot builder draws one frame before the snapshot is taken (warm-up.tsx). */
export async function warmUp(): Promise<void> {
  // The command line is read before anything else at start: yargs' code compiled here, not then.
  await parseCommandLine(['-h', '/var/run/postgresql', '-p', '5432', '-U', 'postgres', '-r', '1', 'postgres']);
  const { warmUp: draw } = await import('./warm-up');
  await draw();
}

/**
 * Runs the command line. Everything that reads the environment, the arguments, the terminal or the
 * clock starts here, not when the modules are evaluated: the single executable evaluates them
 * when it is built (a V8 startup snapshot, scripts/dist.mjs) and calls this when it starts.
 */
export function run(): void {
  // Not yoga's WebAssembly yet: compiled and set up here (single executable, V8 single-threaded) it
  // ran before the connection was opened, and the server waited for it. The monitor starts it
  // once its connection is under way (loadUi); the other screens wait for it before drawing.
  mark('script loaded');
  guardOutput();
  main(hideBin(process.argv)).then(finish, (err) => {
    if (err instanceof UsageError) process.stderr.write(errorLines(err.message) + 'Try "pgwarden --help" for more information.\n');
    else process.stderr.write(errorLines(err instanceof Error ? err.message : String(err)));
    return finish(EXIT_USAGE);
  });
}
