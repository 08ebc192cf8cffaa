/**
 * One render per refresh: the selection is reconciled in the store with the snapshot, so the frame
 * drawn is the only one, and a key pressed right after it finds the selection it shows. A pane that
 * repaired its selection in an effect after the frame rendered twice and, between the two, had no
 * row under the cursor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store';
import { initialUi } from '../../src/state/ui';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, snapshot } from './fixtures';
import { holder, paneSnapshot, sender, settings, slot, table } from '../unit/replication/fixtures';
import { bouncerSnapshot, database, pool } from '../unit/pgbouncer/fixtures';

const seqOf = (name: string) => (name === 'alpha' ? 1 : 2);

let app: Rendered | undefined;
afterEach(() => app?.unmount());

interface Case {
  screen: string;
  /** The table whose selection the snapshot decides. */
  table: string;
  /** A refresh listing rows named after `name`, the first of them first. */
  push(store: Store, name: string, seq: number): void;
  /** The key of the first row of push(…, name). */
  firstKey(name: string): string;
}

const CASES: Case[] = [
  {
    screen: 'activity',
    table: 'activity',
    push: (store, name, seq) => store.pushSnapshot(snapshot([backend(seq * 10, { query: `select ${name}`, xactStart: 1_699_999_000 }), backend(seq * 10 + 1)], seq)),
    firstKey: (name) => backend(seqOf(name) * 10).key,
  },
  {
    screen: 'vacuum',
    table: 'vacuum.tables',
    push: (store, name, seq) =>
      store.pushSnapshot(paneSnapshot({ vacuum: [table(name, { relid: seq * 100, deadTuples: 900 }), table(`${name}_small`, { relid: seq * 100 + 1, deadTuples: 5 })], vacuum_settings: settings() }, seq)),
    firstKey: (name) => String(seqOf(name) * 100),
  },
  {
    screen: 'replication',
    table: 'replication.senders',
    push: (store, name, seq) => store.pushSnapshot(paneSnapshot({ replication: [sender(name)], slots: [slot(`${name}_slot`)] }, seq)),
    firstKey: (name) => sender(name).key,
  },
  {
    screen: 'horizon',
    table: 'horizon',
    push: (store, name, seq) => store.pushSnapshot(paneSnapshot({ horizon: [holder('slot', name, { xminAge: 9000 }), holder('prepared', `${name}_tx`, { xminAge: 10 })] }, seq)),
    firstKey: (name) => holder('slot', name).key,
  },
  {
    screen: 'pgbouncer',
    table: 'pgbouncer.pools',
    push: (store, name) => store.pushBouncer(bouncerSnapshot({ pools: [pool(name, { maxwaitS: 3 }), pool(`${name}_quiet`)], databases: [database(name), database(`${name}_quiet`)] })),
    firstKey: (name) => `${name}/app`,
  },
];

describe('renders per refresh', () => {
  it.each(CASES)('$screen: a snapshot is one render, with the selection already on its first row', async (c) => {
    let commits = 0;
    const store = new Store(initialUi({ screen: c.screen }));
    store.setStatus({ state: 'ready' }, caps);
    app = await renderApp({ store, columns: 140, rows: 30, onCommit: () => commits++ });
    await app.waitFor((f) => f.includes('xmin') && commits > 0);

    commits = 0;
    c.push(store, 'alpha', 1);
    // Before any frame: the key the operator presses now acts on the row about to be shown.
    expect(store.get().ui.tables[c.table]?.selected).toBe(c.firstKey('alpha'));
    await app.waitFor((f) => f.includes('alpha'));
    c.push(store, 'bravo', 2);
    expect(store.get().ui.tables[c.table]?.selected).toBe(c.firstKey('bravo'));
    // The second frame is drawn after every effect of the first has run: a repair would be counted.
    await app.waitFor((f) => f.includes('bravo') && !f.includes('alpha'));
    expect(commits).toBe(2);
  });
});
