// The one test command (`npm test`): type check, unit and component tests, the production bundle,
// integration tests against throwaway PostgreSQL clusters, and end-to-end tests of the bundle in
// tmux. Ends with one "N passed, N failed, N skipped" line over every tier.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const results = '.cache/test-results';
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    ok = false;
    process.stdout.write(`=== ${name} failed (exit ${r.status ?? r.signal})\n`);
  }
  return r.status === 0;
}

function vitest(project) {
  const out = `${results}/${project}.json`;
  step(project, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += j.numPassedTests ?? 0;
    totals.failed += j.numFailedTests ?? 0;
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  }
}

step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
vitest('unit');
if (step('build', 'node', ['scripts/build.mjs'])) {
  vitest('integration');
  vitest('e2e');
}
process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
