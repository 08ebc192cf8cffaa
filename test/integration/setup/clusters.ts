import { inject, it } from 'vitest';
import type { ClusterInfo } from './types';

/**
 * The lab clusters the global setup started. When a major that was asked for has no binaries, the
 * file registers one skipped test that says why, so a skip in the summary always means something
 * was not run; with every major running, nothing is registered here and the run shows 0 skipped.
 */
export function labClusters(): ClusterInfo[] {
  const missing = inject('labMissing');
  if (missing) it.skip(`needs PostgreSQL binaries (${missing.split('\n')[0]})`, () => {});
  return inject('clusters');
}
