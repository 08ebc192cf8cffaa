// `node bench/frameCost.mjs [frames] [-- node flags…]`: bundles bench/frameCost.tsx as the
// benchmark bundles pgwarden (esbuild, production React, pgwarden's ink patches) and runs it under
// this Node, or under PGWARDEN_NODE (e.g. the Node the single executable is built from, in
// .cache/sea), with the executable's flags (scripts/exec-argv.mjs) unless other flags follow `--`. WARM and HEAP pass
// through (see frameCost.tsx).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inkSpeedups } from '../scripts/ink-speedups.mjs';
import { EXEC_ARGV } from '../scripts/exec-argv.mjs';
import { benchBuildOptions, benchOutdir } from './build-options.mjs';

const outfile = join(benchOutdir, 'frame-cost.mjs');
await build({ ...benchBuildOptions, plugins: [inkSpeedups, ...benchBuildOptions.plugins], entryPoints: ['bench/frameCost.tsx'], outfile });
const args = process.argv.slice(2);
const split = args.indexOf('--');
const flags = split < 0 ? EXEC_ARGV : args.slice(split + 1);
const frames = (split < 0 ? args : args.slice(0, split))[0] ?? '300';
// ink renders only the last frame when it believes it runs in CI.
const env = { ...process.env };
delete env.CI;
const run = spawnSync(process.env.PGWARDEN_NODE ?? process.execPath, [...flags, outfile, frames], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
