import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * A skip in the test summary must mean something was not run. Integration files get their
 * clusters through labClusters(), which registers a skipped test only when binaries are missing;
 * a placeholder `it.skip` of their own would count as skipped on every run.
 */
describe('integration test files', () => {
  const dir = 'test/integration';
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));

  it.each(files)('%s has no placeholder skip and takes its clusters from labClusters()', (f) => {
    const text = readFileSync(`${dir}/${f}`, 'utf8');
    expect(text).not.toMatch(/\bit\.skip\(/);
    expect(text).not.toMatch(/inject\('clusters'\)/);
  });
});
