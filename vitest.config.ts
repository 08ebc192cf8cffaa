import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Loads `.sql` files as their text, as esbuild's text loader does in the bundle. */
const sqlAsText = {
  name: 'sql-as-text',
  enforce: 'pre' as const,
  load(id: string) {
    if (!id.endsWith('.sql')) return null;
    return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
  },
};

export default defineConfig({
  plugins: [sqlAsText],
  test: {
    projects: [
      {
        plugins: [sqlAsText],
        test: {
          name: 'unit',
          // Component tests render real frames; a loaded 2-core CI machine needs more than 5 s at times.
          testTimeout: 30_000,
          include: ['test/unit/**/*.test.ts', 'test/component/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        plugins: [sqlAsText],
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/setup/global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [sqlAsText],
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/setup/global.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
