import { describe, expect, it } from 'vitest';
import { paneAction, paneState } from '../../../src/state/panes';
import { REPLICATION_PANE } from '../../../src/screens/replication/pane';
import { VACUUM_PANE } from '../../../src/screens/vacuum/pane';
import { stripPassword } from '../../../src/data/collectors/replication';
import { lagSamples, senderLagSeconds, standbyDelaySeconds, THIS_STANDBY } from '../../../src/data/replicationLag';
import { SeriesByKey } from '../../../src/data/history';
import { gapHistory, newHistory, recordHistory } from '../../../src/state/history';
import { lagLevel, NORMAL_THRESHOLDS, replicationAlarm, senderLevel, slotLevel, standbyLevel, STRICT_THRESHOLDS } from '../../../src/screens/replication/alarm';
import { COMMANDS, COMMAND_IDS, type Scope } from '../../../src/keys/commands';
import { DEFAULT_KEYMAP } from '../../../src/keys/keymap';
import { activeScopes, initialUi, reduce } from '../../../src/state/ui';
import { NOW_S, paneSnapshot, PRIMARY, sender, slot, standby, table } from './fixtures';

describe('lag thresholds', () => {
  it.each([
    [null, 'ok', 'ok'],
    [5, 'ok', 'ok'],
    [30, 'ok', 'warn'],
    [61, 'warn', 'crit'],
    [301, 'crit', 'crit'],
  ] as const)('%s s is %s normally and %s with the strict pair', (s, normal, strict) => {
    expect(lagLevel(s, NORMAL_THRESHOLDS)).toBe(normal);
    expect(lagLevel(s, STRICT_THRESHOLDS)).toBe(strict);
  });

  it('treats a standby that replayed everything as no lag, and unknown lag with WAL waiting as unknown', () => {
    expect(senderLagSeconds(sender('a'))).toBe(0);
    expect(senderLagSeconds(sender('a', { replayLagBytes: 100 }))).toBeNull();
    expect(senderLagSeconds(sender('a', { replayLagS: 12 }))).toBe(12);
    expect(senderLevel(sender('a', { state: 'catchup' }), NORMAL_THRESHOLDS)).toBe('warn');
    expect(senderLevel(sender('a', { state: 'backup' }), NORMAL_THRESHOLDS)).toBe('ok');
  });

  it('measures a standby delay only while received WAL waits for replay', () => {
    expect(standbyDelaySeconds(standby({ replayLagBytes: 0, lastReplayTime: NOW_S - 9999 }))).toBe(0);
    expect(standbyDelaySeconds(standby({ replayLagBytes: 10, lastReplayTime: NOW_S - 90 }))).toBe(90);
    expect(standbyDelaySeconds(standby({ replayLagBytes: 10, lastReplayTime: null }))).toBeNull();
    expect(standbyDelaySeconds(PRIMARY)).toBeNull();
    expect(standbyLevel(standby({ replayLagBytes: 0, pauseState: 'not paused' }), NORMAL_THRESHOLDS)).toBe('ok');
    expect(standbyLevel(standby({ replayLagBytes: 0, pauseState: 'not paused', receiver: null }), NORMAL_THRESHOLDS)).toBe('warn');
  });

  it('raises an inactive slot retaining WAL, and a lost one as critical', () => {
    expect(slotLevel(slot('a'))).toBe('ok');
    expect(slotLevel(slot('a', { active: false, retainedBytes: 0 }))).toBe('ok');
    expect(slotLevel(slot('a', { active: false, retainedBytes: 1 }))).toBe('warn');
    expect(slotLevel(slot('a', { walStatus: 'lost' }))).toBe('crit');
    const alarm = replicationAlarm(
      { senders: [sender('s', { replayLagS: 70 })], recovery: null, slots: [slot('dead', { walStatus: 'unreserved' })] },
      NORMAL_THRESHOLDS,
    );
    expect(alarm.level).toBe('crit');
    expect(alarm.headline).toBe('SLOT');
    expect(alarm.reasons).toEqual(['slot dead WAL unreserved', 'standby s replays 1m behind']);
    expect(alarm.worstLagS).toBe(70);
  });
});

describe('conninfo without password', () => {
  it.each([
    ["user=rep password=secret host=db1 port=5432", 'user=rep host=db1 port=5432'],
    ["user=rep password='se cr\\'et' host=db1", 'user=rep host=db1'],
    ['user=rep password=******** dbname=replication', 'user=rep dbname=replication'],
    ['postgresql://rep:secret@db1:5432/db?sslmode=require&password=x', 'postgresql://rep@db1:5432/db?sslmode=require'],
    ['postgres://db1/db?password=x', 'postgres://db1/db'],
  ])('%s', (input, want) => {
    expect(stripPassword(input)).toBe(want);
    expect(stripPassword(input)).not.toMatch(/secret|password/i);
  });
});

describe('history of the panes', () => {
  it('keeps a series per key, with a gap for a key missing from a reading and a bounded number of keys', () => {
    const h = new SeriesByKey(10, 2);
    h.push(new Map([['a', 1]]));
    h.push(new Map([['a', 2], ['b', 5]]));
    h.push(new Map([['b', 6]]));
    expect(h.get('a')!.tail(10)).toEqual([1, 2, null]);
    expect(h.get('b')!.tail(10)).toEqual([null, 5, 6]);
    h.push(new Map([['c', 1]]), new Map([['c', 'public.c'], ['gone', 'x']]));
    expect(h.keys().sort()).toEqual(['b', 'c']);
    expect(h.label('c')).toBe('public.c');
    expect(h.label('gone')).toBeUndefined();
    const v = h.version;
    h.gapAll();
    expect(h.version).toBeGreaterThan(v);
  });

  it('records lag per standby, connections by state, and dead tuples of the selected and worst tables', () => {
    const h = newHistory();
    const rates = { tps: 7, hitRatio: null };
    const orders = table('orders', { deadTuples: 500 });
    const snap = paneSnapshot({ replication: [sender('s1', { replayLagS: 3 })], recovery: standby({ replayLagBytes: 5, lastReplayTime: NOW_S - 4 }), vacuum: [orders, table('zz', { deadTuples: 0 })] });
    expect(lagSamples(snap)).toEqual(new Map([['s1', 3], [THIS_STANDBY, 4]]));
    recordHistory(h, snap, rates, String(table('zz').relid));
    expect(h.lag.get('s1')!.tail(5)).toEqual([3]);
    expect(h.connActive.tail(1)).toEqual([3]);
    expect(h.deadTuples.get(String(orders.relid))!.tail(1)).toEqual([500]);
    expect(h.deadTuples.get(String(table('zz').relid))!.tail(1)).toEqual([0]);
    expect(h.tps.tail(1)).toEqual([7]);
    // The charted table keeps its name for the charts view of another pane.
    expect(h.deadTuples.label(String(orders.relid))).toBe(`${orders.schema}.${orders.name}`);
    // A refresh without the vacuum collector (another screen) leaves a gap, and so does an outage.
    recordHistory(h, paneSnapshot({}), rates, null);
    expect(h.deadTuples.get(String(orders.relid))!.tail(1)).toEqual([null]);
    gapHistory(h);
    expect(h.connActive.tail(2)).toEqual([3, null]);
  });
});

describe('keys of the replication, vacuum and horizon screens', () => {
  it('binds no key twice in the scopes active together on each screen', () => {
    for (const screen of ['replication', 'vacuum', 'horizon']) {
      const scopes = activeScopes({ ...initialUi(), screen });
      expect(scopes[0]).toBe(screen);
      const seen = new Map<string, string>();
      for (const scope of scopes) {
        for (const id of COMMAND_IDS) {
          if (COMMANDS[id].scope !== scope) continue;
          for (const k of DEFAULT_KEYMAP[id]) {
            // A screen key may shadow a table or global key only on purpose; these must not.
            if (['q', '?', 'h', 'space', 'c', '4', '5', '7', '/', 'j', 'k'].includes(k) && scope === (screen as Scope)) throw new Error(`${id} shadows ${k}`);
            if (scope === screen) expect(seen.get(k), `${k}: ${seen.get(k)} and ${id}`).toBeUndefined();
            seen.set(k, id);
          }
        }
      }
    }
  });

  it('toggles thresholds, focus, views and charts in the panes\' reducers', () => {
    let s = initialUi();
    s = reduce(s, paneAction(REPLICATION_PANE, { type: 'strict' }));
    s = reduce(s, paneAction(REPLICATION_PANE, { type: 'focus', focus: 'slots' }));
    s = reduce(s, { type: 'charts.toggle' });
    expect(paneState(s, REPLICATION_PANE)).toEqual({ strict: true, focus: 'slots' });
    expect(s.charts).toBe(true);
    const views: string[] = [];
    let v = VACUUM_PANE.initial;
    for (let i = 0; i < 5; i++) {
      v = VACUUM_PANE.reduce(v, { type: 'nextView' });
      views.push(v.view);
    }
    expect(views).toEqual(['indexes', 'progress', 'wraparound', 'tables', 'indexes']);
  });
});
