// Bundles the CLI into one file: module loading is most of ink's start-up cost, and one
// production bundle draws its first frame several times faster than node_modules does.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const outfile = 'dist/pgwarden.mjs';
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // ink imports react-devtools-core only when DEV is set; it is not shipped.
  external: ['react-devtools-core', 'pg-native'],
  loader: { '.sql': 'text' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    // CommonJS dependencies (pg, yargs helpers) call require() inside an ES module bundle.
    js: "#!/usr/bin/env node\nimport { createRequire as __pgwCreateRequire } from 'node:module'; const require = __pgwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
