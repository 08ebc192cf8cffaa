/**
 * The fleet from Prometheus: what postgres_exporter reports for every instance Prometheus
 * scrapes, read through Prometheus' HTTP query API (instant queries). pgwarden stores nothing
 * of it: each read asks Prometheus again. Label values (names, versions, targets) are untrusted
 * text like anything from a server: sanitize before display.
 */

/** One PostgreSQL instance as Prometheus knows it. */
export interface PromInstance {
  /** Prometheus' `instance` label (the exporter's address). */
  instance: string;
  /** The `server` label when the scrape configuration sets one, else the instance. */
  name: string;
  /** A `pgwarden_target` label: the conninfo Enter connects to for the live panes. */
  target: string | null;
  /** Prometheus reached the exporter (`up`) and the exporter reached the server (`pg_up`). */
  up: boolean;
  standby: boolean | null;
  version: string | null;
  startedAt: number | null;
  connections: number | null;
  maxConnections: number | null;
  tps: number | null;
  lagS: number | null;
  deadTuples: number | null;
  hitRatio: number | null;
  /** Prometheus' clock (epoch s) of the reading. */
  at: number;
}

/** Instant queries, each one series per instance. */
export const PROM_QUERIES = {
  pgUp: 'pg_up',
  up: 'up',
  version: 'pg_static',
  // The guides' queries.yaml exports is_replica; without it, in_hot_standby (a setting since PostgreSQL 14).
  standby: 'pg_replication_is_replica or on (instance) pg_settings_in_hot_standby',
  connections: 'sum by (instance) (pg_stat_database_numbackends)',
  maxConnections: 'pg_settings_max_connections',
  tps: 'sum by (instance) (rate(pg_stat_database_xact_commit[1m]) + rate(pg_stat_database_xact_rollback[1m]))',
  lag: 'pg_replication_lag',
  startedAt: 'pg_postmaster_start_time_seconds',
  deadTuples: 'sum by (instance) (pg_stat_user_tables_n_dead_tup)',
  hitRatio:
    'sum by (instance) (rate(pg_stat_database_blks_hit[1m])) / (sum by (instance) (rate(pg_stat_database_blks_hit[1m])) + sum by (instance) (rate(pg_stat_database_blks_read[1m])))',
} as const;

type Sample = { metric: Record<string, string>; value: [number, string] };

export type Get = (url: string) => Promise<unknown>;

/** GET with a deadline: a Prometheus that does not answer must not hold the fleet. */
export const httpGet =
  (timeoutMs = 5000): Get =>
  async (url) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`Prometheus answered ${res.status} ${res.statusText}`);
    return res.json();
  };

/** The base URL as the operator gave it, checked: http or https only, no query or fragment. */
export function prometheusBase(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--prometheus: not a URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('--prometheus: the URL must start with http:// or https://');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

async function query(get: Get, base: string, q: string): Promise<Sample[]> {
  const body = (await get(`${base}/api/v1/query?query=${encodeURIComponent(q)}`)) as { status?: string; error?: string; data?: { resultType?: string; result?: Sample[] } };
  if (body.status !== 'success') throw new Error(`Prometheus: ${body.error ?? 'query failed'}`);
  return body.data?.resultType === 'vector' ? (body.data.result ?? []) : [];
}

const num = (s: Sample | undefined): number | null => {
  const n = s ? Number(s.value[1]) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** Every instance with a `pg_up` series, with the figures the fleet shows. Throws when Prometheus cannot be read. */
export async function readPrometheus(base: string, get: Get = httpGet()): Promise<PromInstance[]> {
  const keys = Object.keys(PROM_QUERIES) as (keyof typeof PROM_QUERIES)[];
  const results = await Promise.all(keys.map((k) => query(get, base, PROM_QUERIES[k])));
  const by = Object.fromEntries(keys.map((k, i) => [k, new Map(results[i]!.map((s) => [s.metric.instance ?? '', s]))])) as Record<keyof typeof PROM_QUERIES, Map<string, Sample>>;
  // An exporter Prometheus cannot reach has no pg_up any more, only up == 0 in the same job.
  const jobs = new Set([...by.pgUp.values()].map((s) => s.metric.job));
  const unreachable = [...by.up.values()].filter((s) => num(s) === 0 && jobs.has(s.metric.job) && !by.pgUp.has(s.metric.instance ?? ''));
  return [...by.pgUp.values(), ...unreachable].map((s) => {
    const instance = s.metric.instance ?? '';
    const at = s.value[0];
    const started = num(by.startedAt.get(instance));
    const standby = num(by.standby.get(instance));
    return {
      instance,
      name: s.metric.server || instance,
      target: s.metric.pgwarden_target || null,
      up: by.pgUp.get(instance) === s && num(s) === 1 && num(by.up.get(instance)) !== 0,
      standby: standby === null ? null : standby === 1,
      version: by.version.get(instance)?.metric.short_version ?? null,
      startedAt: started,
      connections: num(by.connections.get(instance)),
      maxConnections: num(by.maxConnections.get(instance)),
      tps: num(by.tps.get(instance)),
      lagS: num(by.lag.get(instance)),
      deadTuples: num(by.deadTuples.get(instance)),
      hitRatio: num(by.hitRatio.get(instance)),
      at,
    };
  });
}
