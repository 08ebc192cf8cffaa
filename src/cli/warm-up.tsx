/**
 * The single executable's warm-up (scripts/dist.mjs): run once by its startup snapshot's builder,
 * after the modules are evaluated, it does what the first refresh and the first frame do (the
 * activity rows parsed as the poller reads them, the store, its derivations and the problems, the
 * App drawn by ink through the frame writer) on a synthetic server and a terminal of its own.
 * V8 compiles a function when it is first called, and the snapshot keeps the bytecode of every
 * function compiled by then: the executable's first frame then runs code already compiled.
 * Everything it made is let go before the snapshot is taken: the ink instance is unmounted (its
 * timers and listeners go with it), the store is dropped, and yoga's WebAssembly, which the
 * builder has not, is stood in for (yoga-stand-in.ts) and emptied again (the program loads it, uiReady).
 */
import { EventEmitter } from 'node:events';
import React from 'react';
import { App } from '../App';
import { arrayRows } from '../data/collector';
import { activityCollector } from '../data/collectors/activity';
import type { Capabilities } from '../data/server';
import { DEFAULT_KEYMAP } from '../keys/keymap';
import { derivations } from '../screens/registry';
import { Store } from '../state/store';
import { initialUi } from '../state/ui';
import { trusted } from '../text/sanitize';
import { ChecklistController } from '../checklists/controller';
import { drawScreen } from './fullscreen';
import { uiForget, uiStandIn } from './ui-ready';
import { standInNode } from './yoga-stand-in';

const NOW_S = 1_700_000_000;

const caps: Capabilities = {
  major: 17, versionNum: 170004, version: '17.4', startedAt: NOW_S - 86400, inRecovery: false, currentUser: 'postgres', database: 'postgres',
  isSuperuser: false, readAllStats: true, signalBackend: false, maxConnections: 100, reservedConnections: 3, trackActivityQuerySize: 1024,
  blockSize: 8192, sharedPreloadLibraries: [], serverEncoding: 'UTF8', pgssSchema: null, pgssVersion: null,
};

/** pg_stat_activity's rows as the activity query returns them: the header's row (no pid), then backends. */
function activityRows(): Record<string, unknown>[] {
  const states = ['active', 'idle', 'idle in transaction', 'active'];
  const backends = Array.from({ length: 60 }, (_, n) => ({
    pid: 1000 + n, backend_start: NOW_S - 600 + n, database: 'shop', user: 'app', application: `web-${n % 3}`, client_addr: '10.0.0.1',
    client_hostname: null, client_port: 40000 + n, backend_type: 'client backend', state: states[n % 4], wait_event_type: n % 7 === 3 ? 'Lock' : null,
    wait_event: n % 7 === 3 ? 'transactionid' : null, xact_start: NOW_S - n, query_start: NOW_S - n, state_change: NOW_S - n, backend_xid: null,
    backend_xmin: String(700 + n), xmin_age: n, leader_pid: null, query_id: null, blocked_by: n % 7 === 3 ? [1000] : null,
    query: `UPDATE orders SET status = 'shipped' WHERE id = ${n}`, partial: false, horizon_age: n,
  }));
  return [{ pid: null, taken_at: NOW_S, in_recovery: false, xacts: 1000, blks_hit: 990, blks_read: 10, stats_reset: null }, ...backends];
}

/** A terminal that shows nothing, and one that types nothing: the builder's own are not touched. */
class Quiet extends EventEmitter {
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write(_chunk: unknown): boolean {
    return true;
  }
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read(): null {
    return null;
  }
}

/** What the warm-up's frame shows: the frame is drawn once this is on the terminal. */
const DRAWN = 'UPDATE orders';

/**
 * Draws the activity pane once on a synthetic refresh, then lets go of everything it made.
 * Resolves with what was written on its terminal; rejects when no frame came within 10 s.
 */
export async function warmUp(): Promise<string> {
  uiStandIn(standInNode);
  try {
    const store = new Store(initialUi({ intervalMs: 1000 }));
    store.setDerive(derivations(() => NOW_S * 1000));
    store.setStatus({ state: 'ready' }, caps);
    const set = arrayRows(activityRows());
    const ctx = { caps, ownPids: [] };
    const at = NOW_S * 1000;
    store.pushSnapshot({
      seq: 1,
      takenAt: at,
      tickMs: 5,
      results: {
        activity: { state: 'ok', data: activityCollector.parseArrays!(set, ctx), at, ms: 3 },
        summary: { state: 'ok', data: activityCollector.provides![0]!.parseArrays!(set, ctx), at, ms: 0 },
      },
    });
    const term = new Quiet(200, 50);
    const written: string[] = [];
    let drawn = (): void => undefined;
    const frame = new Promise<void>((resolve) => (drawn = resolve));
    term.write = (chunk: unknown) => {
      written.push(String(chunk));
      if (String(chunk).includes(DRAWN)) drawn();
      return true;
    };
    const effects = { quit: () => undefined, refresh: () => undefined, setInterval: () => undefined, setPlan: () => undefined, copy: () => trusted('') };
    const { instance, frames } = drawScreen(
      {
        color: true,
        unicode: true,
        body: (size) => <App store={store} target="warm-up" readOnly={false} keymap={DEFAULT_KEYMAP} size={size} effects={effects} checklists={new ChecklistController(undefined, store.checklist)} />,
      },
      term as unknown as NodeJS.WriteStream,
      { stdin: new Quiet(0, 0) as unknown as NodeJS.ReadStream, stderr: term as unknown as NodeJS.WriteStream },
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([frame, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the warm-up drew no frame within 10 s')), 10_000)))]);
    } finally {
      clearTimeout(timer);
      instance.unmount();
      await instance.waitUntilExit();
      frames.detach();
    }
    return written.join('');
  } finally {
    uiForget();
  }
}
