// `node bench/data-side.mjs [connections] [refreshes]`: builds bench/dataSide.ts as the bundle is
// built (.sql as text) and runs it with a raised file limit (see run.mjs).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const outdir = join('node_modules', '.cache', 'pgwarden-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'data-side.mjs');
await build({
  bundle: true, platform: 'node', target: 'node20', format: 'esm', external: ['pg-native'],
  loader: { '.sql': 'text' }, define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  entryPoints: ['bench/dataSide.ts'], outfile, logLevel: 'warning',
  // The screens' registry reaches ink, which imports react-devtools-core only in development.
  plugins: [{ name: 'no-devtools', setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {};' }));
  } }],
});
const args = process.argv.slice(2).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
const flags = process.env.DATA_SIDE_NODE_FLAGS ?? '';
const run = spawnSync('bash', ['-c', `ulimit -n 8192 2>/dev/null || ulimit -n $(ulimit -Hn); exec "${process.execPath}" ${flags} ${outfile} ${args}`], { stdio: 'inherit' });
process.exit(run.status ?? 1);
