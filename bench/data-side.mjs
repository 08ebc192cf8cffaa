// `node bench/data-side.mjs [connections] [refreshes]`: builds bench/dataSide.ts as the bundle is
// built (.sql as text) and runs it with a raised file limit (see run.mjs).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchBuildOptions, benchOutdir } from './build-options.mjs';

const outfile = join(benchOutdir, 'data-side.mjs');
// The screens' registry reaches ink, hence the devtools stub of the shared options.
await build({ ...benchBuildOptions, entryPoints: ['bench/dataSide.ts'], outfile });
const args = process.argv.slice(2).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
const flags = process.env.DATA_SIDE_NODE_FLAGS ?? '';
const run = spawnSync('bash', ['-c', `ulimit -n 8192 2>/dev/null || ulimit -n $(ulimit -Hn); exec "${process.execPath}" ${flags} ${outfile} ${args}`], { stdio: 'inherit' });
process.exit(run.status ?? 1);
