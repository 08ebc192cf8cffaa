import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEffects } from '../../src/screens/effects';
import type { ActionRequest } from '../../src/actions/types';
import { statePath } from '../../src/checklists/state';
import { ChecklistController, type ChecklistRuntime } from '../../src/checklists/controller';
import { Store } from '../../src/state/store';
import React from 'react';
import { render as inkRender } from 'ink-testing-library';
import { App } from '../../src/App';
import { makeTheme, ThemeProvider } from '../../src/components/theme';
import { DEFAULT_KEYMAP } from '../../src/keys/keymap';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';
import { trusted } from '../../src/text/sanitize';

let app: Rendered | undefined;
let home: string;
let controller: ChecklistController | undefined;
let runtime: ChecklistRuntime;
const ran: string[] = [];
/** What the server answers to a fix: a command tag, or an error (set per test). */
let answer: () => Promise<string> = async () => 'done';
const acted: ActionRequest[] = [];

const FIXES = {
  id: 'fixes',
  title: 'Fixes',
  kind: 'maintenance',
  description: 'Steps with concrete SQL',
  steps: [
    { id: 'full', title: 'Rewrite the table', why: 'It is bloated.', remediation: { sql: 'VACUUM FULL public.t;' } },
    { id: 'stats', title: 'Analyze the table', why: 'Its statistics are old.', remediation: { sql: 'ANALYZE public.t;' } },
    { id: 'tmpl', title: 'Analyze some table', why: 'No evidence yet.', remediation: { sql: 'ANALYZE <schema>.<table>;' } },
    { id: 'role', title: 'Time out idle transactions', why: 'Forgotten transactions.', remediation: { sql: "ALTER ROLE <app_role> SET idle_in_transaction_session_timeout = '60s';" } },
    { id: 'kill', title: 'End runaway queries', why: 'They hold everything.', check: { id: 'long_running' }, remediation: { sql: 'SELECT pg_terminate_backend(<pid>);  -- or pg_cancel_backend(<pid>) to stop only the query' } },
  ],
};

/** Two sessions the long-running check saw, recorded in a session that resumes (no server here). */
const backend = (pid: number, start: number, user: string, query: string) => ({
  pid, backendStart: start, user, database: 'shop', application: 'web', clientAddr: '10.0.0.7', backendType: 'client backend', state: 'active', query,
  xactAgeS: 400, stateAgeS: 400, waitedS: null, leaderPid: null,
});
const KILL = {
  outcome: 'fail',
  summary: '2 queries running longer than 1m00s',
  checkedAt: '2023-11-14T22:00:00.000Z',
  findings: [],
  // Written by hand into the state file: an escape sequence that would retitle the terminal.
  note: '\x1b]0;pwned\x07 call ops',
  evidence: { columns: ['pid', 'user', 'database', 'state', 'running', 'query'], rows: [['4242', 'app', 'shop', 'active', '6m40s', 'select pg_sleep(1000)'], ['4343', 'batch', 'shop', 'active', '2m00s', 'update big set x = x /* \x1b]0;pwned\x07 */']] },
  backends: [backend(4242, 1699999000.123456, 'app', 'select pg_sleep(1000)'), backend(4343, 1699999100.5, 'batch', 'update big set x = x')],
};

beforeEach(() => {
  ran.length = 0;
  acted.length = 0;
  answer = async () => 'done';
  home = mkdtempSync(join(tmpdir(), 'pgwarden-fix-'));
  const dir = join(home, '.config', 'pgwarden', 'checklists');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fixes.json'), JSON.stringify(FIXES));
  const state = statePath({ XDG_STATE_HOME: join(home, 'state') }, home, 'test');
  mkdirSync(join(state, '..'), { recursive: true });
  writeFileSync(state, JSON.stringify({ version: 1, serverKey: 'test', sessions: [{ checklist: 'fixes', startedAt: '2023-11-14T21:55:00.000Z', operator: 'tester', steps: { kill: KILL } }] }));
  // No server here: the steps have no checks, so the query is never called.
  controller = undefined;
  runtime = {
    query: () => Promise.reject(new Error('no server in this test')),
    caps: async () => caps,
    ownPids: () => [],
    serverKey: 'test',
    server: 'test',
    operator: 'tester',
    env: { XDG_STATE_HOME: join(home, 'state') },
    home,
  };
});

/** The App's checklist controller, writing to the App's store (as the CLI makes it). */
function controllerFor(store: Store): ChecklistController {
  controller = new ChecklistController(runtime, store.checklist);
  return controller;
}
afterEach(async () => {
  app?.unmount();
  // The state file is saved in the background: removed before that save, the directory came back.
  await controller?.settled();
  rmSync(home, { recursive: true, force: true });
});

function effects(): AppEffects {
  return {
    quit: () => undefined,
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy: () => trusted('copied'),
    execute: async (sql) => {
      ran.push(sql);
      return answer();
    },
    act: (request, report) => {
      if (request.kind === 'pgbouncer') throw new Error('not a backend signal');
      acted.push(request);
      report(trusted(`${request.kind} sent to pid ${request.targets[0]?.pid}`));
    },
  };
}

async function toStep(a: Rendered, id: string, shows: string) {
  while (a.store.get().ui.tables.checklist?.selected !== id) await a.press('nav.down');
  await a.waitFor((f) => f.includes(shows));
}

async function open(readOnly = false) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  app = await renderApp({ store, rows: 30, columns: 120, props: { effects: effects(), readOnly, checklists: controllerFor(store) } });
  await app.press('screen.checklist');
  await app.waitFor((f) => f.includes('Fixes (5 steps)'));
  while (app.store.get().ui.tables.checklist?.selected !== 'fixes') await app.press('nav.down');
  await app.press('checklist.open');
  await app.waitFor((f) => f.includes('Rewrite the table') && f.includes('VACUUM FULL public.t;'));
  return app;
}

describe('running a step fix', () => {
  it('shows the exact SQL and its lock, and runs only on y', async () => {
    const a = await open();
    await a.press('checklist.execute');
    let f = await a.waitFor((f) => f.includes('Run this statement on the server?'));
    expect(f).toContain('VACUUM FULL public.t;');
    expect(f).toContain('ACCESS EXCLUSIVE');
    expect(f).toContain('pg_repack');
    await a.press('dialog.cancel'); // n
    f = await a.waitFor((f) => !f.includes('Run this statement') && f.includes('nothing was run'));
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Run this statement on the server?'));
    await a.press('dialog.cancel', 2); // esc
    f = await a.waitFor((f) => !f.includes('Run this statement'));
    expect(f).toContain('Rewrite the table'); // esc closed the dialog, not the checklist
    expect(ran).toEqual([]);
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Run this statement on the server?'));
    await a.press('dialog.confirm'); // y
    await a.waitFor((f) => f.includes('VACUUM FULL public.t; done'));
    expect(ran).toEqual(['VACUUM FULL public.t;']);
    // The confirmed fix stays on its step in the session (and so in the state file and the report).
    expect(controller!.get().session?.steps.full?.fixes).toEqual([{ sql: 'VACUUM FULL public.t;', at: expect.stringMatching(/^\d{4}-/), result: 'done' }]);
  });

  it('shows a failed fix with the server error harmless: the error quotes names, which may hold escape sequences', async () => {
    // As PostgreSQL words it: the error quotes the name from the statement as it was given.
    answer = () => Promise.reject(new Error('relation "t\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07" does not exist'));
    const a = await open();
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Run this statement on the server?'));
    await a.press('dialog.confirm');
    const f = await a.waitFor((f) => f.includes('failed: relation'));
    expect(f).toContain('VACUUM FULL public.t; failed: relation "t^[]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=^G" does not exist');
    expect(a.rawFrame()).not.toMatch(/[\x07\x1b\x9b\x9d]/);
    expect(a.store.get().ui.toast?.text).not.toMatch(/[\x07\x1b]/);
  });

  it('says nothing about locks for a plain ANALYZE, and asks for each name the evidence cannot give', async () => {
    const a = await open();
    await a.press('nav.down');
    await a.waitFor((f) => f.includes('ANALYZE public.t;'));
    await a.press('checklist.execute');
    let f = await a.waitFor((f) => f.includes('Run this statement on the server?'));
    expect(f).not.toContain('Locks:');
    await a.press('dialog.cancel');
    await a.press('nav.down');
    await a.waitFor((f) => f.includes('ANALYZE <schema>.<table>;'));
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Value for <schema> (1 of 2)'));
    await a.type('sales');
    await a.press('prompt.submit');
    await a.waitFor((f) => f.includes('Value for <table> (2 of 2)'));
    await a.type('Order Items');
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('Run this statement on the server?'));
    expect(f).toContain('ANALYZE "sales"."Order Items";');
    // The first cancel's "nothing was run" is still shown: wait for the dialog to go.
    await a.press('dialog.cancel', 2);
    await a.waitFor((f) => !f.includes('Run this statement on the server?') && f.includes('nothing was run'));
    expect(ran).toEqual([]);
  });

  it('refuses under --read-only', async () => {
    const a = await open(true);
    // Each x is refused with the same words, and the toast stays: wait for this key's own toast.
    const refused = async () => {
      const before = a.store.get().ui.toast;
      await a.press('checklist.execute');
      await a.waitFor((f) => a.store.get().ui.toast !== before && f.includes('read-only'));
    };
    expect(a.frame()).not.toContain('read-only');
    await refused();
    expect(a.frame()).not.toContain('Run this statement');
    await toStep(a, 'role', 'ALTER ROLE <app_role>');
    await refused();
    expect(a.store.get().ui.modals).toEqual([]);
    await toStep(a, 'kill', 'pg_terminate_backend(<pid>)');
    await refused();
    expect(a.frame()).not.toContain('Terminate which session');
    expect(a.store.get().ui.modals).toEqual([]);
    expect(ran).toEqual([]);
    expect(acted).toEqual([]);
  });

  it('asks for a role the evidence cannot give, quotes it as an identifier and shows the exact statement', async () => {
    const a = await open();
    await toStep(a, 'role', 'ALTER ROLE <app_role>');
    await a.press('checklist.execute');
    let f = await a.waitFor((f) => f.includes('Value for <app_role> in the fix of step 4 “Time out idle transactions”'));
    expect(f).toContain('double-quoted as an identifier');
    // Escape: nothing asked any further, nothing run.
    await a.press('prompt.cancel');
    await a.waitFor((f) => !f.includes('Value for <app_role>') && f.includes('nothing was run'));
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Value for <app_role>'));
    // A name with a space, capitals and a quote that tries to end the identifier: all inside it.
    await a.type('Web App" SUPERUSER; --');
    f = await a.waitFor((f) => f.includes('> Web App" SUPERUSER; --'));
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('Run this statement on the server?'));
    const sql = `ALTER ROLE "Web App"" SUPERUSER; --" SET idle_in_transaction_session_timeout = '60s';`;
    expect(f).toContain(sql);
    expect(ran).toEqual([]);
    await a.press('dialog.confirm');
    await a.waitFor(() => ran.length === 1);
    expect(ran).toEqual([sql]);
  });

  it('shows a stored note harmless in the note prompt and the footer', async () => {
    const a = await open();
    await toStep(a, 'kill', 'pg_terminate_backend(<pid>)');
    await a.press('checklist.note');
    const f = await a.waitFor((f) => f.includes('Note on step 5 “End runaway queries” — not marked'));
    expect(f).toContain('> ^[]0;pwned^G call ops');
    expect(a.rawFrame()).not.toContain('\x1b]0;');
    await a.press('prompt.submit');
    await a.waitFor((f) => f.includes('note: ^[]0;pwned^G call ops') && !f.includes('Note on step'));
    expect(a.rawFrame()).not.toContain('\x1b]0;');
  });

  it('offers the sessions the check found for a <pid> fix and sends the chosen one through the backend actions', async () => {
    const a = await open();
    await toStep(a, 'kill', 'pg_terminate_backend(<pid>)');
    await a.press('checklist.execute');
    let f = await a.waitFor((f) => f.includes('Terminate which session (pg_terminate_backend)? — step 5 “End runaway queries”'));
    expect(f).toContain('4242 | app | shop | active | 6m40s | select pg_sleep(1000)');
    expect(f).toContain('the signal goes only if the pid still belongs to that backend');
    // Server text in the rows is shown harmless.
    expect(f).toContain('update big set x = x /* ^[]0;pwned^G */');
    expect(a.rawFrame()).not.toContain('\x1b]0;');
    await a.press('nav.down');
    // x switches to a cancel of the query only; Esc leaves without anything sent.
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Cancel the query of which session (pg_cancel_backend)?'));
    await a.press('checklist.back');
    await a.waitFor((f) => !f.includes('which session'));
    expect(a.store.get().ui.modals).toEqual([]);
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Terminate which session'));
    await a.press('nav.down');
    await a.press('checklist.open');
    f = await a.waitFor((f) => a.store.get().ui.modals[0]?.kind === 'confirm' && f.includes('4343'));
    expect(acted).toEqual([]);
    const m = a.store.get().ui.modals[0];
    expect(m?.kind === 'confirm' && m.request).toMatchObject({ kind: 'terminate', screen: 'checklist', targets: [{ pid: 4343, backendStart: 1699999100.5, user: 'batch', database: 'shop', listed: true }] });
    await a.press('dialog.confirm');
    await a.waitFor((f) => f.includes('terminate sent to pid 4343'));
    expect(acted).toHaveLength(1);
    expect(acted[0]!.targets.map((t) => [t.pid, t.backendStart])).toEqual([[4343, 1699999100.5]]);
  });

  it('does not take a y from the same burst as the x (a paste) as the answer', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    const r = inkRender(
      <ThemeProvider theme={makeTheme({ color: false, unicode: true })}>
        <App store={store} target="t" readOnly={false} keymap={DEFAULT_KEYMAP} size={{ columns: 120, rows: 30 }} effects={effects()} checklists={controllerFor(store)} now={() => 1_700_000_000_000} />
      </ThemeProvider>,
    );
    const frame = () => r.lastFrame() ?? '';
    const until = async (pred: () => boolean) => {
      for (let i = 0; !pred(); i++) {
        if (i > 300) throw new Error(`never matched:\n${frame()}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    };
    try {
      await new Promise((res) => setTimeout(res, 0));
      r.stdin.write('6');
      await until(() => frame().includes('Fixes (5 steps)'));
      while (store.get().ui.tables.checklist?.selected !== 'fixes') {
        r.stdin.write('\x1b[B');
        await new Promise((res) => setTimeout(res, 10));
      }
      r.stdin.write('\r');
      await until(() => frame().includes('VACUUM FULL public.t;'));
      r.stdin.write('xy');
      await until(() => frame().includes('Run this statement on the server?') && frame().includes('press y on its own to confirm'));
      expect(ran).toEqual([]);
      r.stdin.write('y');
      await until(() => ran.length === 1);
      expect(ran).toEqual(['VACUUM FULL public.t;']);
    } finally {
      r.unmount();
    }
  });
});
