// Bundles the CLI into one file: module loading is most of ink's start-up cost, and one
// production bundle draws its first frame several times faster than node_modules does.
// scripts/dist.mjs builds the single executables from these same options.
//
// `--if-stale` builds only when the bundle is older than what goes into it (`npm start` in a clone
// and the tests that run the bundle use it; `npm pack` always builds).
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inkSpeedups } from './ink-speedups.mjs';
import { yogaSmallMemory } from './yoga-small-memory.mjs';

const outfile = 'dist/pgwarden.mjs';
/** The production bundle's esbuild options. */
export const bundleOptions = {
  entryPoints: ['src/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // pg-native is an optional native binding pg never needs here.
  external: ['pg-native'],
  plugins: [
    inkSpeedups,
    yogaSmallMemory,
    {
      // ink loads react-devtools-core only when DEV=true; an external import of it would still be
      // hoisted to the top of an ES module bundle and fail to resolve, so it becomes an empty stub.
      name: 'no-devtools',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        b.onLoad({ filter: /^react-devtools-core$/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
        // ink draws only the last frame when it believes it runs under CI (any CI variable set).
        // pgwarden draws only on a real terminal, which it checks itself, so an operator whose
        // shell happens to export CI still gets a live screen.
        b.onResolve({ filter: /^is-in-ci$/ }, () => ({ path: 'is-in-ci', namespace: 'stub' }));
        b.onLoad({ filter: /^is-in-ci$/, namespace: 'stub' }, () => ({ contents: 'export default false;' }));
        // ws serves only ink's devtools bridge (DEV=true), which the stub above already disables:
        // 48 kB less to parse at every start.
        b.onResolve({ filter: /^ws$/ }, () => ({ path: 'ws', namespace: 'stub' }));
        b.onLoad({ filter: /^ws$/, namespace: 'stub' }, () => ({ contents: 'export default {};' }));
      },
    },
  ],
  loader: { '.sql': 'text' },
  define: {
    'process.env.NODE_ENV': '"production"',
    // pg probes for Cloudflare Workers by constructing a Response, and yoga's WebAssembly loader
    // probes for fetch: either touches Node's lazily loaded HTTP client (undici), tens of
    // milliseconds of every start-up. pgwarden never fetches; in the bundle both are absent.
    Response: 'undefined',
    fetch: 'undefined',
  },
  banner: {
    // CommonJS dependencies (pg, yargs helpers) call require() inside an ES module bundle.
    js: "#!/usr/bin/env node\nimport { createRequire as __pgwCreateRequire } from 'node:module'; const require = __pgwCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/** Newest modification time under the given files and directories. */
function newest(paths) {
  let t = 0;
  for (const p of paths) {
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(readdirSync(p).map((n) => join(p, n))) : st.mtimeMs);
  }
  return t;
}

function stale() {
  let built;
  try {
    built = statSync(outfile).mtimeMs;
  } catch {
    return true;
  }
  // The lock file changes when a bundled dependency does.
  return built < newest(['src', 'scripts/build.mjs', 'scripts/ink-speedups.mjs', 'package.json', 'package-lock.json']);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale') && !stale()) process.exit(0);
  // Loaded only when building: a fresh bundle costs `npm start` nothing.
  const { build } = await import('esbuild');
  await build(bundleOptions);
  chmodSync(outfile, 0o755);
}
