// How the benchmark's scripts are bundled: as the release bundle is (esbuild, .sql files as text,
// production React), with react-devtools-core stubbed out (ink imports it only in development).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the benchmark's bundles are written. */
export const benchOutdir = join('node_modules', '.cache', 'pgwarden-bench');
mkdirSync(benchOutdir, { recursive: true });

export const benchBuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['pg-native'],
  loader: { '.sql': 'text' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  plugins: [
    {
      name: 'no-devtools',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
      },
    },
  ],
  logLevel: 'warning',
};
