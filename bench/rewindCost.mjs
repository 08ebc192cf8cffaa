// `node bench/rewindCost.mjs [refreshes] [backends] [-- node flags…]`: bundles bench/rewindCost.ts
// (esbuild) and runs it with the single executable's V8 flags (scripts/exec-argv.mjs) unless
// others follow `--` (e.g. `-- --cpu-prof`).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXEC_ARGV } from '../scripts/exec-argv.mjs';

const outdir = join('node_modules', '.cache', 'pgwarden-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'rewind-cost.mjs');
await build({ bundle: true, platform: 'node', target: 'node20', format: 'esm', external: ['pg-native', 'pg'], loader: { '.sql': 'text' }, entryPoints: ['bench/rewindCost.ts'], outfile, logLevel: 'warning' });
const args = process.argv.slice(2);
const split = args.indexOf('--');
const flags = split < 0 ? EXEC_ARGV : [...EXEC_ARGV, ...args.slice(split + 1)];
const run = spawnSync(process.env.PGWARDEN_NODE ?? process.execPath, [...flags, outfile, ...(split < 0 ? args : args.slice(0, split))], { stdio: 'inherit' });
process.exit(run.status ?? 1);
