/**
 * `pgwarden replay FILE` on a terminal: the monitor's own screens over a recording. The store gets
 * its snapshots from the recording through the time cursor (src/rewind/timeTravel.ts) instead of
 * from a poller; there is no server, so nothing is refreshed, planned or sent.
 */
import React from 'react';
import { App } from '../App';
import type { AppEffects } from '../screens/effects';
import { DEFAULT_KEYMAP } from '../keys/keymap';
import type { Thresholds } from '../problems/thresholds';
import type { Recording } from '../recorder/reader';
import { replaySource } from '../rewind/replaySource';
import { TimeTravel } from '../rewind/timeTravel';
import { derivations } from '../screens/registry';
import { Store } from '../state/store';
import { initialUi, type TableState } from '../state/ui';
import { copyToClipboard, startFullScreen, type FullScreen } from './fullscreen';

export interface ReplayTuiOptions {
  rec: Recording;
  file: string;
  thresholds?: Thresholds;
  color: boolean;
  unicode: boolean;
  light?: boolean;
  tables?: Record<string, TableState>;
  hiddenColumns?: Readonly<Record<string, readonly string[]>>;
}

/** The store, cursor and effects of a replay, without a terminal (component tests use them too). */
export function replaySession(opts: Pick<ReplayTuiOptions, 'rec' | 'thresholds' | 'tables'>, quit: () => void, copy: AppEffects['copy']) {
  const { rec } = opts;
  const store = new Store(initialUi({ intervalMs: rec.header.intervalMs, tables: opts.tables }), { thresholds: opts.thresholds });
  // Ages are judged against the moment shown, not the wall clock: a recording's "now" is its snapshot's.
  let shownAt = 0;
  const derive = derivations(() => shownAt);
  store.setDerive({
    ui: (s) => {
      shownAt = s.snapshot?.takenAt ?? 0;
      return derive.ui(s);
    },
    chartTable: derive.chartTable,
  });
  store.setStatus({ state: 'ready' }, rec.header.caps);
  const { source, timeline } = replaySource(rec, opts.thresholds);
  const travel = new TimeTravel(store, source, { mode: 'replay' });
  const effects: AppEffects = {
    quit,
    // Nothing to poll: the keys that would refresh move the replay (see TimeTravel.handle).
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy,
    timeTravel: (id) => travel.handle(id),
  };
  return { store, travel, effects, timeline };
}

export async function runReplayTui(opts: ReplayTuiOptions): Promise<number> {
  let screen: FullScreen | undefined;
  const s = replaySession(opts, () => screen?.finish(0), (text) => copyToClipboard(process.stdout, text));
  const h = opts.rec.header;
  const target = `replay ${opts.file} (${h.server}${h.normalizedQueries ? ', queries normalized' : ''}${opts.rec.truncated ? ', cut short' : ''})`;
  const helpNotes = [
    `Replaying ${opts.file}, recorded by pgwarden ${h.pgwarden} every ${h.intervalMs / 1000} s: Space plays / pauses, + / - set the speed, [ ] { } @ L move in time, H the timeline.`,
  ];
  screen = startFullScreen({
    color: opts.color,
    unicode: opts.unicode,
    light: opts.light,
    body: (size) => (
      <App store={s.store} target={target} readOnly={false} keymap={DEFAULT_KEYMAP} size={size} effects={s.effects} helpNotes={helpNotes} hiddenColumns={opts.hiddenColumns} timeline={s.timeline} />
    ),
  });
  const code = await screen.done;
  s.travel.dispose();
  return code;
}
