/**
 * A role named with a terminal escape sequence, signalled through pgwarden's own action path
 * (activity pane, K or C, the confirmation, the runner on the action connection): the footer
 * message that names the role must reach the frame as harmless text. Before the messages were
 * typed display-safe, an OSC 0 name retitled the terminal and an OSC 52 one wrote the clipboard.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { actionEffect } from '../../src/actions/wire';
import { executeFix } from '../../src/checklists/execute';
import { probe } from '../../src/data/server';
import { tempChecklistRuntime } from '../helpers/checklist';
import type { AppEffects } from '../../src/screens/effects';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { quoteIdent } from '../../src/data/sql/ident';
import { Store } from '../../src/state/store';
import { trusted } from '../../src/text/sanitize';
import { renderApp, type Rendered } from '../helpers/render';
import { connect, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

/** What must never reach the terminal from a name: ESC, BEL and the C1 forms of CSI/OSC/ST. */
const RAW = /[\x1b\x07\x9b\x9c\x9d]/;

describe.each(clusters)('messages with hostile names on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    cleanup.length = 0;
  });

  /** A login role with `name`, and one of its sessions running pg_sleep; returns the pid. */
  async function hostileSleeper(name: string): Promise<number> {
    const admin = await connect(primary);
    await admin.query(`CREATE ROLE ${quoteIdent(name)} LOGIN`);
    cleanup.push(async () => {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [name]);
      await waitFor(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE usename = $1', [name])).rowCount === 0, { what: 'the role to log out' });
      await admin.query(`DROP ROLE ${quoteIdent(name)}`);
      await admin.end();
    });
    const victim: pg.Client = await connect(primary, { user: name, appName: 'victim' });
    cleanup.push(() => victim.end());
    const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    victim.query('SELECT pg_sleep(60)').catch(() => undefined);
    await waitFor(async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", [pid])).rowCount === 1, { what: 'the sleeper to run' });
    return pid;
  }

  function session(endpoint: Endpoint, user: string): Session {
    const s = new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user, database: 'postgres', application_name: 'pgwarden' }] });
    cleanup.push(() => s.close());
    return s;
  }

  /** The monitor as `user`: the real poller feeds the store, the real action wiring signals. */
  async function monitorAs(user: string): Promise<{ app: Rendered; toasts: string[] }> {
    const poll = session(primary, user);
    const action = session(primary, user);
    const store = new Store();
    // Every footer message, also those a later one replaced before a frame could be checked.
    const toasts: string[] = [];
    store.subscribe(() => {
      const t = store.get().ui.toast?.text;
      if (t && t !== toasts.at(-1)) toasts.push(t);
    });
    const poller = new Poller(poll, { snapshot: () => undefined, status: () => undefined });
    const refresh = async (): Promise<void> => {
      const snap = await poller.once();
      store.setStatus({ state: 'ready' }, poller.capabilities);
      store.pushSnapshot(snap);
    };
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-inject-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const { act } = actionEffect({
      action,
      poll,
      server: 'lab',
      readOnly: false,
      major: () => poller.capabilities?.major,
      nextRefresh: refresh,
      env: { XDG_STATE_HOME: dir },
    });
    const effects: AppEffects = {
      act,
      quit: () => undefined,
      refresh: () => void refresh(),
      setInterval: () => undefined,
      setPlan: (c) => poller.setPlan(c),
      copy: () => trusted('copied'),
    };
    const app = await renderApp({ store, columns: 220, rows: 30, props: { effects } });
    cleanup.push(() => app.unmount());
    await refresh();
    return { app, toasts };
  }

  /** Filters the activity pane down to the victim, then presses `command` and confirms. */
  async function signal(app: Rendered, pid: number, command: 'backend.terminate' | 'backend.cancel'): Promise<void> {
    await app.press('filter.open');
    await app.type('victim');
    await app.press('prompt.submit');
    await app.waitFor((f) => f.includes(String(pid)) && f.includes('filter: victim'));
    await app.press(command);
    await app.waitFor((f) => /Terminate 1 backend\?|Cancel the query of 1 backend\?/.test(f));
    await app.press('dialog.confirm');
  }

  it('terminate of a role named with OSC 0: "terminate sent to pid N (user@db)" shows the name inert', async () => {
    const name = 'evil\x1b]0;pwned\x07';
    const pid = await hostileSleeper(name);
    const { app, toasts } = await monitorAs('postgres');
    await signal(app, pid, 'backend.terminate');
    await app.waitFor((f) => f.includes(`after terminate: pid ${pid} gone`));
    expect(toasts).toContain(`terminate sent to pid ${pid} (evil^[]0;pwned^G@postgres)`);
    for (const t of toasts) expect(t).not.toMatch(RAW);
    expect(app.rawFrame()).not.toMatch(RAW);
  });

  it('a denied cancel of a role named with OSC 52 names the role inert in "permission denied … (role <name>)"', async () => {
    const name = 'x\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07';
    const pid = await hostileSleeper(name);
    const { app, toasts } = await monitorAs('pgwarden_monitor');
    await signal(app, pid, 'backend.cancel');
    const f = await app.waitFor((f) => f.includes('permission denied'));
    expect(f).toContain(`(role x^[]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=^G)`);
    for (const t of toasts) expect(t).not.toMatch(RAW);
    expect(app.rawFrame()).not.toMatch(RAW);
  });

  it("a checklist fix that fails on the server: the error quotes the hostile name, and the footer shows it inert", async () => {
    const s = session(primary, 'postgres');
    const caps = await probe(s);
    const runtime = tempChecklistRuntime(caps);
    // No ';' in the name: the fix planner would take it for a second statement. CSI and BEL instead.
    const table = 't\x1b[2J\x1b[31mred\x07';
    const dir = join(runtime.home, 'config', 'pgwarden', 'checklists');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'hostile.json'),
      JSON.stringify({ id: 'hostile', title: 'Hostile', kind: 'maintenance', description: 'A fix naming a table', steps: [{ id: 'an', title: 'Analyze it', why: 'Statistics.', remediation: { sql: `ANALYZE public.${quoteIdent(table)};` } }] }),
    );
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    const toasts: string[] = [];
    store.subscribe(() => {
      const t = store.get().ui.toast?.text;
      if (t && t !== toasts.at(-1)) toasts.push(t);
    });
    const effects: AppEffects = {
      quit: () => undefined,
      refresh: () => undefined,
      setInterval: () => undefined,
      setPlan: () => undefined,
      copy: () => trusted('copied'),
      execute: (sql) => executeFix((text, params) => s.query(text, params), sql),
    };
    const app = await renderApp({ store, columns: 200, rows: 30, props: { effects, checklists: runtime.controller(store) } });
    cleanup.push(() => app.unmount());
    await app.press('screen.checklist');
    await app.waitFor((f) => f.includes('Hostile'));
    while (store.get().ui.tables.checklist?.selected !== 'hostile') await app.press('nav.down');
    await app.press('checklist.open');
    await app.waitFor((f) => f.includes('Analyze it'));
    while (store.get().ui.tables.checklist?.selected !== 'an') await app.press('nav.down');
    await app.press('checklist.execute');
    await app.waitFor((f) => f.includes('Run this statement on the server?'));
    await app.press('dialog.confirm');
    const f = await app.waitFor((f) => f.includes('failed:'));
    // PostgreSQL's own words, with the name as it was given: relation "public.t…" does not exist.
    expect(f).toContain('failed: relation "public.t^[[2J^[[31mred^G" does not exist');
    for (const t of toasts) expect(t).not.toMatch(RAW);
    expect(app.rawFrame()).not.toMatch(RAW);
  });
});
