import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { connectionStorm, idleInTransaction, lockChain, replicaLag, runawayQuery } from '../../src/lab/scenarios';
import { inactiveSlot } from '../../src/lab/scenarios/inactiveSlot';
import { bloatedTable } from '../../src/lab/scenarios/bloatedTable';
import { withAdmin } from '../../src/lab/client';
import { DEFAULT_THRESHOLDS, ProblemTracker, type Evaluation, type Problem, type Thresholds } from '../../src/problems';
import { ONE_SHOT_COLLECTORS, PROBLEM_COLLECTORS } from '../../src/problems/oneshot';
import { runCheckCommand } from '../../src/cli/check';
import { SECTIONS, snapshotDocument } from '../../src/cli/snapshot';
import { replicationLagRunbook } from '../../src/checklists/defs/runbooks';
import { runSteps } from '../../src/checklists/run';
import { probe } from '../../src/data/server';
import { connect, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

/**
 * Limits a lab incident passes at once: its sessions are seconds old, not minutes. The defaults
 * are kept for everything the incidents do not need lowered (and for the quiet cluster).
 */
const LAB: Thresholds = {
  ...DEFAULT_THRESHOLDS,
  idleInTransactionSeconds: { warn: 0, critical: 3600 },
  queryDurationSeconds: { warn: 0, critical: 3600 },
  xminHorizonSeconds: { warn: 0, critical: 3600 },
  replayStalledSeconds: { warn: 0, critical: 3600 },
  slotRetainedBytes: { warn: 0, critical: 1024 ** 4 },
  connectionStormPerSecond: { warn: 2, critical: 1000 },
};

/** A poller running what the monitor runs for problems, and the evaluator with its default hold. */
function monitor(endpoint: Endpoint, thresholds: Thresholds, opts: { statements?: boolean } = {}) {
  const session = new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] });
  const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
  poller.setPlan([...(opts.statements ? ONE_SHOT_COLLECTORS : PROBLEM_COLLECTORS)]);
  const tracker = new ProblemTracker({ thresholds });
  return {
    refresh: async (): Promise<Evaluation> => tracker.update(await poller.once(), poller.capabilities!.maxConnections),
    close: () => session.close(),
  };
}

/** The problems shown after two refreshes (the default hold: two consecutive evaluations). */
async function twoRefreshes(endpoint: Endpoint, thresholds = LAB, opts: { statements?: boolean; between?: () => Promise<void> } = {}): Promise<{ first: Evaluation; second: Evaluation }> {
  const m = monitor(endpoint, thresholds, opts);
  try {
    const first = await m.refresh();
    await opts.between?.();
    const second = await m.refresh();
    return { first, second };
  } finally {
    await m.close();
  }
}

const find = (e: Evaluation, prefix: string): Problem | undefined => e.problems.find((p) => p.id.startsWith(prefix));

describe.each(clusters)('problems on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.map((s) => s()));
    stops = [];
  });
  const keep = <T extends { stop(): Promise<void> }>(h: T): T => (stops.push(() => h.stop()), h);

  it('a quiet cluster has no problem, on the primary and on the standby', async () => {
    for (const endpoint of [primary, ...(cluster.standby ? [cluster.standby] : [])]) {
      const { first, second } = await twoRefreshes(endpoint, DEFAULT_THRESHOLDS, { statements: true });
      expect(first.pending.map((p) => p.text)).toEqual([]);
      expect(second.problems.map((p) => p.text)).toEqual([]);
    }
  });

  it('lock chain: the root blocker, with how many wait behind it, on the locks pane', async () => {
    const h = keep(await lockChain(primary, { depth: 3, appName: 'billing' }));
    const { first, second } = await twoRefreshes(primary);
    // Held for two refreshes before it shows.
    expect(find(first, 'lock-blocker:')).toBeUndefined();
    const p = find(second, `lock-blocker:${h.root}:`)!;
    expect(p).toMatchObject({ severity: 'warning', subject: { kind: 'pid', value: String(h.root) }, pane: { screen: 'locks', key: '2' } });
    expect(p.text).toMatch(new RegExp(`^pid ${h.root} \\(app billing, idle in transaction [0-9.]+s\\) blocks 3 sessions$`));
    expect(p.pane.row).toMatch(new RegExp(`^${h.root}:`));
    // The blocker is not reported a second time as idle in transaction; its waiters are not long queries.
    expect(find(second, `idle-in-transaction:${h.root}:`)).toBeUndefined();
    for (const w of h.waiters) expect(second.problems.some((x) => x.subject.value === String(w))).toBe(false);
  });

  it('idle in transaction holding the horizon: the session, and the horizon it holds', async () => {
    const h = keep(await idleInTransaction(primary, { appName: 'forgetful' }));
    const { second } = await twoRefreshes(primary);
    expect(find(second, `idle-in-transaction:${h.pid}:`)).toMatchObject({ subject: { value: String(h.pid) }, pane: { screen: 'activity', key: '1' } });
    expect(find(second, `idle-in-transaction:${h.pid}:`)!.text).toMatch(new RegExp(`^pid ${h.pid} \\(app forgetful\\) has been idle in transaction for [0-9.]+s$`));
    const horizon = find(second, 'xmin-horizon:')!;
    expect(horizon.subject.value).toBe(String(h.pid));
    expect(horizon.text).toMatch(new RegExp(`^pid ${h.pid} \\(app forgetful\\) holds the xmin horizon for [0-9.]+s \\(idle in transaction, xid age \\d+\\)`));
    expect(horizon.pane).toMatchObject({ screen: 'horizon', key: '7' });
  });

  it('runaway query: the backend and its statement', async () => {
    const h = keep(await runawayQuery(primary, { seconds: 60, appName: 'reports' }));
    const { second } = await twoRefreshes(primary);
    const p = find(second, `long-query:${h.pid}:`)!;
    expect(p.text).toMatch(new RegExp(`^pid ${h.pid} \\(app reports\\) has run 'SELECT count\\(\\*\\) FROM pg_class a, pg_class b,\\.\\.\\.' for [0-9.]+s$`));
    expect(p.pane.row).toMatch(new RegExp(`^${h.pid}:`));
  });

  it('connection storm: new backends per second', async () => {
    const h = keep(await connectionStorm(primary, { count: 40, batch: 10, appName: 'storm' }));
    const { second } = await twoRefreshes(primary);
    // Shown when more than 20 connected within the last 10 s (the lab limit: 2 a second).
    expect(find(second, 'connection-storm')?.text).toMatch(/^connection storm: \d+ new connections in 10s \(\d+\.\d\/s\), \d+ client connections now$/);
    expect(h.pids).toHaveLength(40);
  });

  it('inactive slot: the slot and the WAL it retains', async () => {
    const slot = keep(await inactiveSlot(primary, { name: 'problems_slot' }));
    await withAdmin(primary, (c) => c.query('SELECT pg_switch_wal(), pg_logical_emit_message(false, $1, repeat($2, 100000))', ['pgwarden', 'x']));
    const { second } = await twoRefreshes(primary);
    const p = find(second, 'slot:problems_slot')!;
    expect(p).toMatchObject({ severity: 'warning', subject: { kind: 'slot', value: slot.name }, pane: { screen: 'replication', key: '4', row: 'problems_slot' } });
    expect(p.text).toMatch(/^slot problems_slot is inactive and retains [0-9.]+ [kMG]?B of WAL$/);
  });

  it('bloated table: past its autovacuum trigger, with the dead tuple share', async () => {
    const t = keep(await bloatedTable(primary, { table: 'problems_bloated', rows: 20_000, updates: 2 }));
    // The cumulative statistics reach pg_stat_user_tables shortly after the writing transaction.
    await waitFor(async () => {
      const c = await connect(primary);
      try {
        return (await c.query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'problems_bloated' AND n_dead_tup >= 40000")).rowCount;
      } finally {
        await c.end();
      }
    }, { what: 'dead tuples of problems_bloated in the statistics' });
    const { second } = await twoRefreshes(primary, DEFAULT_THRESHOLDS);
    const p = second.problems.find((x) => x.subject.value === `public.${t.table}`)!;
    expect(p).toMatchObject({ severity: 'critical', subject: { kind: 'table' }, pane: { screen: 'vacuum', key: '5' } });
    expect(p.text).toMatch(/^table public\.problems_bloated is \d+\.\dx past its autovacuum trigger \(40\.0k dead, \d+\.\d%, autovacuum off for it\)$/);
  });

  it('hot statement: its share of database time, calls per second and mean', async () => {
    const c = await connect(primary, { appName: 'hot' });
    let running = true;
    const loop = (async () => {
      while (running) await c.query('SELECT pg_sleep(0.02), $1::text AS hot_statement_marker', ['x']);
    })();
    try {
      // Both readings must fall inside the loop's work: the first after it has started.
      await waitFor(async () => {
        const a = await connect(primary);
        try {
          return (await a.query("SELECT 1 FROM pg_stat_statements WHERE query LIKE '%hot_statement_marker%' AND calls > 5")).rowCount;
        } finally {
          await a.end();
        }
      }, { what: 'the hot statement in pg_stat_statements' });
      // A share of time is a rate: the first refresh has nothing to compare with, so the
      // statement is first reported by the second and shown (held) by the third.
      const m = monitor(primary, DEFAULT_THRESHOLDS, { statements: true });
      const pause = () => new Promise((r) => setTimeout(r, 300));
      const evaluations: Evaluation[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          if (i > 0) await pause();
          evaluations.push(await m.refresh());
        }
      } finally {
        await m.close();
      }
      expect(evaluations[1]!.pending.map((x) => x.id)).toContainEqual(expect.stringMatching(/^hot-statement:/));
      const p = find(evaluations[2]!, 'hot-statement:')!;
      expect(p.subject.kind).toBe('queryid');
      expect(p.pane).toMatchObject({ screen: 'statements', key: '3' });
      expect(p.text).toMatch(/^statement 'SELECT pg_sleep\(\$\d\), \$\d::text AS hot_statemen\.\.\.' is \d+\.\d% of database time now \([0-9.]+ calls\/s, [0-9.]+ ms mean\)$/);
    } finally {
      running = false;
      await loop.catch(() => undefined);
      await c.end();
    }
  });

  it('check and snapshot --json judge two readings at once, without the hold', async () => {
    const h = keep(await lockChain(primary, { depth: 5, appName: 'billing' }));
    let out = '';
    const plan = { attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] };
    const code = await runCheckCommand({ plan, describe: 'lab', thresholds: DEFAULT_THRESHOLDS, write: (t) => (out += t) });
    expect(out.split('\n')[0]).toMatch(new RegExp(`^PGWARDEN CRITICAL - pid ${h.root} \\(app billing, idle in transaction [0-9.]+s\\) blocks 5 sessions`));
    expect(code).toBe(2);

    const session = new Session(plan);
    try {
      const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
      poller.setPlan(SECTIONS.flatMap((x) => x.collectors));
      const first = await poller.once();
      const second = await poller.once();
      const doc = snapshotDocument(second, poller.capabilities!, 'test', first);
      expect(doc.problems).toContainEqual({
        id: expect.stringMatching(new RegExp(`^lock-blocker:${h.root}:`)),
        severity: 'critical',
        subject: { kind: 'pid', value: String(h.root) },
        text: expect.stringContaining('blocks 5 sessions'),
        pane: { key: '2', screen: 'locks', row: expect.stringMatching(new RegExp(`^${h.root}:`)) },
      });
      expect(snapshotDocument(second, poller.capabilities!, 'test').problems).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it.runIf(cluster.standby)('replica lag with replay paused: seen from the primary and from the standby', async () => {
    const h = keep(await replicaLag({ primary, standby: cluster.standby!, major: cluster.major }, { slot: 'problems_lag_slot' }));
    // From the primary: flushed WAL waits, the replay position stays where it was.
    const { second } = await twoRefreshes(primary, LAB, { between: () => h.write() });
    const p = find(second, 'replay-stalled:')!;
    expect(p).toMatchObject({ subject: { kind: 'standby', value: 'standby1' }, pane: { screen: 'replication', key: '4' } });
    expect(p.text).toMatch(/^standby standby1: replay paused or stalled for [0-9.]+s, [0-9.]+ [kMG]?B received but not replayed$/);
    // From the standby: it says so itself.
    const s = await twoRefreshes(cluster.standby!, DEFAULT_THRESHOLDS);
    expect(find(s.second, 'standby-replay')?.text).toMatch(/^this standby: replay is paused \(pg_wal_replay_pause\), [0-9.]+ [kMG]?B received but not replayed/);
    // The replication runbook's first step fails there too (it used to pass: no standby connected).
    const session = new Session({ attempts: [{ host: cluster.standby!.host, port: cluster.standby!.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] });
    try {
      await session.connect();
      const caps = await probe(session);
      const step = replicationLagRunbook.steps[0]!;
      const r = (await runSteps({ query: (t, p) => session.query(t, p), caps, ownPids: [session.pid!] }, [step])).get(step.id)!;
      expect(r.outcome).toBe('fail');
      expect(r.summary).toMatch(/^this standby's replay is paused/);
    } finally {
      await session.close();
    }
  });
});
