// `npm run bench`: builds the monitor and the benchmark (esbuild, as the release bundle is built:
// .sql files as text, no react-devtools), then runs the benchmark with a raised file limit
// (2000 client connections need more descriptors than the usual soft limit of 1024).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inkSpeedups } from '../scripts/ink-speedups.mjs';
import { benchBuildOptions, benchOutdir } from './build-options.mjs';

const outdir = benchOutdir;
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
// The single executable is measured when `npm run dist` built it once: rebuilt here (this
// machine's architecture only) so that it runs the code being measured.
if (existsSync(join('dist', `pgwarden-linux-${process.arch}`))) {
  const dist = spawnSync(process.execPath, ['scripts/dist.mjs', '--arch', process.arch], { stdio: 'inherit' });
  if (dist.status !== 0) process.exit(dist.status ?? 1);
}

const common = benchBuildOptions;
// The frame benchmark draws with the same ink the release bundle carries; the ink floor stays stock.
await build({ ...common, plugins: [inkSpeedups, ...common.plugins], entryPoints: ['bench/bench.ts'], outfile: join(outdir, 'bench.mjs') });
await build({ ...common, minify: true, entryPoints: ['bench/inkFrame.tsx'], outfile: join(outdir, 'ink-frame.mjs') });

// ink renders only the last frame when it believes it runs in CI.
const env = { ...process.env, PGWARDEN_BENCH_DIR: outdir };
delete env.CI;
const args = process.argv.slice(2).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
const run = spawnSync('bash', ['-c', `ulimit -n 8192 2>/dev/null || ulimit -n $(ulimit -Hn); exec "${process.execPath}" ${join(outdir, 'bench.mjs')} ${args}`], {
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
