import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Endpoint } from './types';

/** The production bundle, as installed users run it. */
export const BUNDLE = resolve('dist/pgwarden.mjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Path of the bundle, built first when it is missing or older than a source file (`npm test`
 * builds it before the integration tier; a lone `vitest run` of a file may not have).
 */
export function builtBundle(): string {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    // not built yet
  }
  const sources = Math.max(newestSource('src'), statSync('scripts/build.mjs').mtimeMs, statSync('package.json').mtimeMs);
  if (built < sources) execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  return BUNDLE;
}

/** Connection options for the bundle to reach the lab's primary as its superuser. */
export function labArgs(endpoint: Endpoint): string[] {
  return ['-h', endpoint.host, '-p', String(endpoint.port), '-U', 'postgres'];
}
