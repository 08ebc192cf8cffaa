import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BROKEN_PIPE } from '../../src/cli/output';
import { createDatabase, dropDatabase } from '../../src/lab/scenarios';
import { builtBundle, labArgs } from './setup/bundle';
import { labClusters } from './setup/clusters';
import { connect } from './setup/pg';

const clusters = labClusters();

/** A reader that takes its input in small bites with pauses, as jq on a busy machine does. */
const SLOW_READER = `
const chunks = [];
process.stdin.on('data', (c) => {
  chunks.push(c);
  process.stdin.pause();
  setTimeout(() => process.stdin.resume(), 2);
});
process.stdin.on('end', () => process.stdout.write(Buffer.concat(chunks)));
`;

interface Piped {
  /** Exit status of pgwarden and of the reader, as bash's PIPESTATUS sees them. */
  status: number[];
  stderr: string;
  out: string;
}

/** Runs `pgwarden ARGS | READER` through a real pipe in bash. */
function pipeline(args: string[], reader: string): Piped {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-pipe-'));
  try {
    const script = `"$@" 2>"$D/err" | ${reader} >"$D/out"; echo "\${PIPESTATUS[@]}"`;
    const r = spawnSync('bash', ['-c', script, 'bash', 'node', builtBundle(), ...args], {
      encoding: 'utf8',
      env: { ...process.env, D: dir, SLOW_READER },
    });
    expect(r.status, r.stderr).toBe(0);
    return { status: r.stdout.trim().split(' ').map(Number), stderr: readFileSync(join(dir, 'err'), 'utf8'), out: readFileSync(join(dir, 'out'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(clusters)('pgwarden output through a pipe on PostgreSQL $version', ({ major, primary }) => {
  const db = `pipe_${major}_${process.pid}`;
  // 300 statements of 20 kB each: a snapshot document of about 6 MB, far past a pipe's 64 kB.
  const STATEMENTS = 300;
  const PAD = 'x'.repeat(20_000);

  beforeAll(async () => {
    await createDatabase(primary, db);
    const c = await connect(primary, { db });
    try {
      // One column more each time: a distinct pg_stat_statements entry per statement.
      for (let i = 1; i <= STATEMENTS; i++) await c.query(`SELECT ${Array.from({ length: i }, () => '1').join(', ')} /* ${PAD} */`);
    } finally {
      await c.end();
    }
  });
  afterAll(async () => {
    // Leave pg_stat_statements as it was for the tests that follow on this cluster.
    const c = await connect(primary);
    try {
      await c.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = $1), 0)', [db]);
    } finally {
      await c.end();
    }
    await dropDatabase(primary, db);
  });

  it('writes the whole snapshot into a slow reader before exiting 0', () => {
    const r = pipeline(['snapshot', '--json', ...labArgs(primary), 'postgres'], 'node -e "$SLOW_READER"');
    expect(r.stderr).toBe('');
    expect(r.status).toEqual([0, 0]);
    expect(r.out.length).toBeGreaterThan(5_000_000);
    const doc = JSON.parse(r.out);
    const ours = doc.statements.rows.filter((s: { query: string }) => s.query.includes(PAD));
    expect(ours.length).toBe(STATEMENTS);
  });

  it('ends quietly when the reader closes early (| head -c 100)', () => {
    const r = pipeline(['snapshot', '--json', ...labArgs(primary), 'postgres'], 'head -c 100');
    expect(r.out.length).toBe(100);
    expect(r.stderr).toBe('');
    expect(r.status).toEqual([EXIT_BROKEN_PIPE, 0]);
  });
});

describe('pgwarden --help and --version through a pipe', () => {
  it('prints the whole help into a slow reader and exits 0', () => {
    const r = pipeline(['--help'], 'node -e "$SLOW_READER"');
    expect(r.status).toEqual([0, 0]);
    expect(r.stderr).toBe('');
    expect(r.out).toMatch(/^Usage: pgwarden/);
    expect(r.out).toMatch(/--version\s+show the version/);
  });

  it('prints the version alone', () => {
    const r = pipeline(['--version'], 'cat');
    expect(r.status).toEqual([0, 0]);
    expect(r.out).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
  });
});
