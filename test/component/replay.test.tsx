import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, type Rendered } from '../helpers/render';
import { testDir } from '../helpers/tmp';
import { RecordingWriter } from '../../src/recorder/writer';
import { openRecording } from '../../src/recorder/reader';
import { replaySession } from '../../src/cli/replayTui';
import { clockTime } from '../../src/state/past';
import { trusted } from '../../src/text/sanitize';
import type { Backend } from '../../src/data/collectors/activity';
import { backend, caps, snapshot, summary, NOW_S } from './fixtures';

let app: Rendered | undefined;
let dispose: (() => void) | undefined;
afterEach(() => {
  app?.unmount();
  dispose?.();
});

const blocker = backend(4242, { state: 'idle in transaction', query: 'the blocker' });

/** Ten seconds of a server where a blocker appears at second 4 and is gone at second 7. */
function record(dir: string): string {
  const path = join(dir, 'incident.pgwrec');
  const w = new RecordingWriter({ path, header: { pgwarden: 'test', startedAt: NOW_S * 1000, intervalMs: 1000, caps, server: 'lab:5432/postgres', normalizedQueries: false, collectors: ['activity', 'summary'] } });
  for (let s = 0; s < 10; s++) {
    const rows: Backend[] = [backend(101), ...(s >= 4 && s < 7 ? [blocker] : [])];
    const snap = snapshot(rows, s + 1, summary({ takenAt: NOW_S + s, xacts: 1000 + s * (s === 5 ? 500 : 10), lockWaiting: s >= 4 && s < 7 ? 3 : 0 }));
    w.append({ ...snap, takenAt: (NOW_S + s) * 1000 });
  }
  w.close();
  return path;
}

async function replay() {
  const rec = openRecording(record(testDir('pgw-replay-')));
  const s = replaySession({ rec }, () => undefined, () => trusted('copied'));
  dispose = () => s.travel.dispose();
  app = await renderApp({ store: s.store, effects: s.effects, props: { timeline: s.timeline } });
  return app;
}

describe('replay screen', () => {
  it('opens on the first snapshot of the recording, and the rewind keys and a typed time move every pane', async () => {
    const a = await replay();
    let f = await a.waitFor((f) => f.includes('REPLAY'));
    expect(f).toContain(`REPLAY ${clockTime(NOW_S * 1000)} paused 1/10`);
    expect(f).not.toContain('the blocker');
    await a.press('rewind.jump');
    await a.type('+4s');
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('the blocker'));
    expect(f).toContain('5/10');
    await a.press('rewind.forward');
    await a.press('rewind.forward');
    await a.press('rewind.forward');
    f = await a.waitFor((f) => f.includes('8/10'));
    expect(f).not.toContain('the blocker');
    await a.press('rewind.back');
    await a.waitFor((f) => f.includes('7/10') && f.includes('the blocker'));
    // L is the end of the recording; a minute back is its start.
    await a.press('rewind.live');
    await a.waitFor((f) => f.includes('10/10'));
    await a.press('rewind.backMinute');
    await a.waitFor((f) => f.includes('1/10'));
  });

  it('plays at a chosen speed and stops at the end', async () => {
    const a = await replay();
    await a.waitFor((f) => f.includes('1/10'));
    for (let i = 0; i < 4; i++) await a.press('app.faster');
    const seen: number[] = [];
    a.store.subscribe(() => void seen.push(a.store.get().past!.index));
    await a.press('app.pause');
    expect(a.store.get().past).toMatchObject({ playing: true, speed: 16 });
    await a.waitFor((f) => f.includes('10/10') && f.includes('paused'));
    // Played through, not jumped: moments between the first and the last were shown on the way.
    expect(new Set(seen.filter((i) => i > 0 && i < 9)).size).toBeGreaterThan(1);
  });

  it('draws the timeline of the whole file with a marker where the panes are', async () => {
    const a = await replay();
    await a.press('rewind.jump');
    await a.type('+5s');
    await a.press('prompt.submit');
    await a.waitFor((f) => f.includes('6/10'));
    await a.press('rewind.timeline');
    const f = await a.waitFor((f) => f.includes('Timeline'));
    expect(f).toContain(`Timeline ${clockTime(NOW_S * 1000)} to ${clockTime((NOW_S + 9) * 1000)}, 10 snapshots; ^ is ${clockTime((NOW_S + 5) * 1000)}`);
    expect(f).toContain('tps');
    expect(f).toContain('waiting for a lock');
    const lines = f.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(23);
    // The marker sits under the sixth snapshot's column: label, axis, then one column per snapshot.
    expect(lines.find((l) => /^ *\^$/.test(l))).toBe(`${' '.repeat(6 + 5)}^`);
    await a.press('rewind.timeline');
    await a.waitFor((f) => !f.includes('Timeline') && f.includes('select 101'));
  });

  it('sends nothing: backend actions and EXPLAIN say why', async () => {
    const a = await replay();
    await a.waitFor((f) => f.includes('select 101'));
    await a.press('backend.terminate');
    await a.waitFor((f) => f.includes('nothing is sent to any server'));
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('no server to plan on'));
    expect(a.store.get().ui.modals).toEqual([]);
  });
});
