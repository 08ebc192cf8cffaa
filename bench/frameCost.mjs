// `node bench/frameCost.mjs [frames] [-- node flags…]`: bundles bench/frameCost.tsx as the
// benchmark bundles pgwarden (esbuild, production React, pgwarden's ink patches) and runs it under
// this Node, or under PGWARDEN_NODE (e.g. the Node the single executable is built from, in
// .cache/sea), with the executable's flags (scripts/dist.mjs's EXEC_ARGV, repeated here: that
// script builds when imported) unless other flags follow `--`. WARM and HEAP pass
// through (see frameCost.tsx).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inkSpeedups } from '../scripts/ink-speedups.mjs';

const outdir = join('node_modules', '.cache', 'pgwarden-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'frame-cost.mjs');
await build({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['pg-native'],
  loader: { '.sql': 'text' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  plugins: [
    inkSpeedups,
    {
      name: 'no-devtools',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
      },
    },
  ],
  entryPoints: ['bench/frameCost.tsx'],
  outfile,
  logLevel: 'warning',
});
const args = process.argv.slice(2);
const split = args.indexOf('--');
const flags = split < 0 ? ['--max-semi-space-size=1', '--single-threaded'] : args.slice(split + 1);
const frames = (split < 0 ? args : args.slice(0, split))[0] ?? '300';
// ink renders only the last frame when it believes it runs in CI.
const env = { ...process.env };
delete env.CI;
const run = spawnSync(process.env.PGWARDEN_NODE ?? process.execPath, [...flags, outfile, frames], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
