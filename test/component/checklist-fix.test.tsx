import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEffects } from '../../src/App';
import { setChecklistRuntime } from '../../src/screens/checklist/controller';
import { Store } from '../../src/state/store';
import React from 'react';
import { render as inkRender } from 'ink-testing-library';
import { App } from '../../src/App';
import { makeTheme, ThemeProvider } from '../../src/components/theme';
import { DEFAULT_KEYMAP } from '../../src/keys/keymap';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';

let app: Rendered | undefined;
let home: string;
const ran: string[] = [];

const FIXES = {
  id: 'fixes',
  title: 'Fixes',
  kind: 'maintenance',
  description: 'Steps with concrete SQL',
  steps: [
    { id: 'full', title: 'Rewrite the table', why: 'It is bloated.', remediation: { sql: 'VACUUM FULL public.t;' } },
    { id: 'stats', title: 'Analyze the table', why: 'Its statistics are old.', remediation: { sql: 'ANALYZE public.t;' } },
    { id: 'tmpl', title: 'Analyze some table', why: 'No evidence yet.', remediation: { sql: 'ANALYZE <schema>.<table>;' } },
  ],
};

beforeEach(() => {
  ran.length = 0;
  home = mkdtempSync(join(tmpdir(), 'pgwarden-fix-'));
  const dir = join(home, '.config', 'pgwarden', 'checklists');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fixes.json'), JSON.stringify(FIXES));
  // No server here: the steps have no checks, so the query is never called.
  setChecklistRuntime({
    query: () => Promise.reject(new Error('no server in this test')),
    caps: async () => caps,
    ownPids: () => [],
    serverKey: 'test',
    server: 'test',
    operator: 'tester',
    env: { XDG_STATE_HOME: join(home, 'state') },
    home,
  });
});
afterEach(() => {
  app?.unmount();
  rmSync(home, { recursive: true, force: true });
});

function effects(): AppEffects {
  return {
    quit: () => undefined,
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy: () => 'copied',
    execute: async (sql) => {
      ran.push(sql);
      return 'done';
    },
  };
}

async function open(readOnly = false) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  app = await renderApp({ store, rows: 30, columns: 120, props: { effects: effects(), readOnly } });
  await app.press('screen.checklist');
  await app.waitFor((f) => f.includes('Fixes (3 steps)'));
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
    await a.press('checklist.note'); // n
    f = await a.waitFor((f) => !f.includes('Run this statement') && f.includes('nothing was run'));
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Run this statement on the server?'));
    await a.press('checklist.back'); // esc
    f = await a.waitFor((f) => !f.includes('Run this statement'));
    expect(f).toContain('Rewrite the table'); // esc closed the dialog, not the checklist
    expect(ran).toEqual([]);
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('Run this statement on the server?'));
    await a.press('checklist.copy'); // y
    await a.waitFor((f) => f.includes('VACUUM FULL public.t; done'));
    expect(ran).toEqual(['VACUUM FULL public.t;']);
  });

  it('says nothing about locks for a plain ANALYZE, and refuses unfilled placeholders', async () => {
    const a = await open();
    await a.press('nav.down');
    await a.waitFor((f) => f.includes('ANALYZE public.t;'));
    await a.press('checklist.execute');
    const f = await a.waitFor((f) => f.includes('Run this statement on the server?'));
    expect(f).not.toContain('Locks:');
    await a.press('checklist.note');
    await a.press('nav.down');
    await a.waitFor((f) => f.includes('ANALYZE <schema>.<table>;'));
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes("is not known from the check's evidence"));
    expect(a.frame()).not.toContain('Run this statement');
    expect(ran).toEqual([]);
  });

  it('refuses under --read-only', async () => {
    const a = await open(true);
    await a.press('checklist.execute');
    await a.waitFor((f) => f.includes('read-only'));
    expect(a.frame()).not.toContain('Run this statement');
    expect(ran).toEqual([]);
  });

  it('does not take a y from the same burst as the x (a paste) as the answer', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    const r = inkRender(
      <ThemeProvider theme={makeTheme({ color: false, unicode: true })}>
        <App store={store} target="t" readOnly={false} keymap={DEFAULT_KEYMAP} size={{ columns: 120, rows: 30 }} effects={effects()} now={() => 1_700_000_000_000} />
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
      await until(() => frame().includes('Fixes (3 steps)'));
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
