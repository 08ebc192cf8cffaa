import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase } from '../../src/lab/scenarios';
import { builtBundle, labArgs } from './setup/bundle';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

describe.each(clusters)('pgwarden checklist on the command line, PostgreSQL $version', ({ major, primary }) => {
  const db = `clcli_${major}_${process.pid}`;
  let home: string;
  const run = (args: string[]) =>
    spawnSync('node', [builtBundle(), 'checklist', ...args], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') },
    });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'pgwarden-clcli-'));
    await createDatabase(primary, db);
  });
  afterAll(async () => {
    rmSync(home, { recursive: true, force: true });
    await dropDatabase(primary, db);
  });

  it('reads positional arguments as [dbname [username]], like every subcommand', () => {
    const report = join(home, 'weekly.md');
    const r = run(['--name', 'weekly', '--report', report, ...labArgs(primary), db]);
    expect(r.stderr).not.toMatch(/unknown checklist/);
    // It ran against that database: the report names it. The verdict is the checks' own (1 for a
    // failing step, 3 while the weekly's manual backup steps have no answer yet), never 2 (usage).
    expect([0, 1, 3]).toContain(r.status);
    expect(readFileSync(report, 'utf8')).toContain(`/${db}`);
    expect(statSync(report).mode & 0o777).toBe(0o600);
  });

  it('says where the report cannot go, before connecting', () => {
    const report = join(home, 'no', 'such', 'dir', 'weekly.md');
    // A port nothing listens on: the answer must be about the report, so no connection was tried.
    const r = run(['--name', 'weekly', '--report', report, '-h', primary.host, '-p', '1', '-U', 'postgres', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pgwarden: cannot write the report to ${report}: the directory ${join(home, 'no', 'such', 'dir')} does not exist\n`);
  });

  it('refuses a directory as the report', () => {
    const dir = join(home, 'reports');
    mkdirSync(dir);
    const r = run(['--name', 'weekly', '--report', dir, ...labArgs(primary), db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pgwarden: cannot write the report to ${dir}: it is a directory\n`);
  });

  it('points a positional checklist name to --name', () => {
    const r = run(['weekly', '--report', join(home, 'w.md'), ...labArgs(primary)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pgwarden: checklist needs --name NAME \(known: weekly, .*"weekly" here would be a database name, write --name weekly/);
  });
});
