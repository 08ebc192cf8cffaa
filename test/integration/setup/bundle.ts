import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Endpoint } from './types';

/** The production bundle, as installed users run it. */
export const BUNDLE = resolve('dist/pgwarden.mjs');

/**
 * Path of the bundle, built first when it is older than its sources (`npm test` builds it before
 * the integration tier; a lone `vitest run` of a file may not have).
 */
export function builtBundle(): string {
  execFileSync('node', ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  return BUNDLE;
}

/** Connection options for the bundle to reach the lab's primary as its superuser. */
export function labArgs(endpoint: Endpoint): string[] {
  return ['-h', endpoint.host, '-p', String(endpoint.port), '-U', 'postgres'];
}
