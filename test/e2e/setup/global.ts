import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { discoverInstalls } from '../../../src/lab/binaries';
import { startCluster } from '../../../src/lab/cluster';
import type { LabCluster } from '../../../src/lab/types';
import type { E2eInfo } from './types';

/**
 * End-to-end tests drive the built bundle (dist/pgwarden.mjs) in tmux against one lab cluster of
 * the newest major available. Without tmux, the bundle or binaries they skip locally and fail in CI.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const problems: string[] = [];
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    problems.push('tmux is not installed (apt-get install tmux)');
  }
  if (!existsSync('dist/pgwarden.mjs')) problems.push('dist/pgwarden.mjs is missing (npm run build)');
  const { installs } = discoverInstalls();
  if (!installs.length) problems.push('no PostgreSQL binaries found');
  if (problems.length) {
    const why = `e2e: ${problems.join('; ')}`;
    if (ci) throw new Error(why);
    console.warn(`${why}; end-to-end tests are skipped`);
    project.provide('e2e', null);
    return async () => undefined;
  }
  const install = [...installs].sort((a, b) => b.major - a.major)[0]!;
  let cluster: LabCluster | undefined;
  cluster = await startCluster(install, { standby: true, name: `e2e${install.major}` });
  project.provide('e2e', { major: cluster.major, primary: cluster.primary, standby: cluster.standby, bundle: `${process.cwd()}/dist/pgwarden.mjs` });
  return async () => {
    await cluster?.stop();
  };
}
