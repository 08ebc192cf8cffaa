// Bundles the CLI into one file: module loading is most of ink's start-up cost, and one
// production bundle draws its first frame several times faster than node_modules does.
// scripts/dist.mjs builds the single executables from these same options.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inkSpeedups } from './ink-speedups.mjs';

const outfile = 'dist/pgwarden.mjs';
/** The production bundle's esbuild options. */
export const bundleOptions = {
  entryPoints: ['src/cli/main.ts'],
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await build(bundleOptions);
  chmodSync(outfile, 0o755);
}
