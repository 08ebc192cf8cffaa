// esbuild plugin giving ink pgwarden's text width, bounded measurement and wrapping caches, a frame
// composer that joins lines instead of building a cell grid and a text squashing that does not
// re-tokenize colours (src/render/ink-*.ts explain why).
// Used by every bundle that draws: the release build and the benchmark. A build fails when one
// of the substitutions found nothing to replace (ink moved a module), rather than silently
// shipping the slow paths.
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const render = join(root, 'src', 'render');
const inkBuild = join(root, 'node_modules', 'ink', 'build') + sep;

export const inkSpeedups = {
  name: 'ink-speedups',
  setup(b) {
    const used = new Set();
    const hit = (what, path) => {
      used.add(what);
      return { path };
    };
    // Every string-width import but the one our width module makes to reach the real thing.
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer.startsWith(render) ? undefined : hit('string-width', join(render, 'ink-width.ts')),
    );
    b.onResolve({ filter: /^\.\/measure-text\.js$/ }, (args) =>
      args.importer.startsWith(inkBuild) ? hit('measure-text', join(render, 'ink-measure-text.ts')) : undefined,
    );
    b.onResolve({ filter: /^\.\/wrap-text\.js$/ }, (args) =>
      args.importer.startsWith(inkBuild) ? hit('wrap-text', join(render, 'ink-wrap-text.ts')) : undefined,
    );
    b.onResolve({ filter: /^\.\/output\.js$/ }, (args) =>
      args.importer === join(inkBuild, 'renderer.js') ? hit('output', join(render, 'ink-output-entry.ts')) : undefined,
    );
    b.onResolve({ filter: /^\.\/squash-text-nodes\.js$/ }, (args) =>
      args.importer.startsWith(inkBuild) ? hit('squash-text-nodes', join(render, 'ink-squash-entry.ts')) : undefined,
    );
    // The renderer's widest-line: the width the layout's measurement kept (ink-widest-line.ts).
    b.onResolve({ filter: /^widest-line$/ }, (args) =>
      args.importer === join(inkBuild, 'render-node-to-output.js') ? hit('widest-line', join(render, 'ink-widest-line.ts')) : undefined,
    );
    b.onResolve({ filter: /^ink-original\/output$/ }, () => ({ path: join(inkBuild, 'output.js') }));
    b.onResolve({ filter: /^ink-original\/sanitize-ansi$/ }, () => ({ path: join(inkBuild, 'sanitize-ansi.js') }));
    b.onEnd((result) => {
      if (result.errors.length) return undefined;
      const missing = ['string-width', 'measure-text', 'wrap-text', 'output', 'squash-text-nodes', 'widest-line'].filter((w) => !used.has(w));
      if (!missing.length) return undefined;
      return { errors: [{ text: `ink-speedups: nothing replaced for ${missing.join(', ')} (did ink change its modules?): see scripts/ink-speedups.mjs` }] };
    });
  },
};
