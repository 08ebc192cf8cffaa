import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, type Rendered } from '../helpers/render';
import { Store } from '../../src/state/store';
import { backend, caps, snapshot, NOW_S } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

async function live(opts: { unicode?: boolean; now?: number } = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot([backend(101, { query: 'update orders set x = 1' })]));
  app = await renderApp({ store, unicode: opts.unicode, props: opts.now === undefined ? {} : { now: () => opts.now! } });
  await app.waitFor((f) => f.includes('update orders'));
  return app;
}

const headerOf = (f: string) => f.split('\n').slice(0, 3).join('\n');

describe('data the server has stopped refreshing', () => {
  it('says how long the server has not answered, counting, marks the pane stale, and clears when it answers', async () => {
    const a = await live();
    expect(a.frame()).not.toContain('STALE');
    a.store.setOverdue({ noAnswerMs: 14_200, dataAgeMs: 16_100 });
    let f = await a.waitFor((f) => f.includes('no answer for 14s'));
    expect(headerOf(f)).toContain('data shown is 16s old');
    expect(headerOf(f)).not.toContain('took 12 ms');
    // The pane: a marker line above its rows, which stay visible.
    const banner = f.split('\n')[3];
    expect(banner).toContain('not live');
    expect(banner).toContain('STALE 16s');
    expect(f).toContain('update orders');
    // The poller reports again a second later: the count goes up.
    a.store.setOverdue({ noAnswerMs: 15_200, dataAgeMs: 17_100 });
    f = await a.waitFor((f) => f.includes('no answer for 15s'));
    expect(f).toContain('STALE 17s');
    // The answer arrives: live again.
    a.store.setOverdue(undefined);
    a.store.pushSnapshot(snapshot([backend(101, { query: 'select recovered' })], 2));
    f = await a.waitFor((f) => f.includes('select recovered'));
    expect(f).not.toContain('STALE');
    expect(f).not.toContain('no answer');
    expect(f).toContain('took 12 ms');
  });

  it('keeps the uptime of the shown data rather than counting on the local clock', async () => {
    // Two hours after the snapshot on the local clock: the uptime is still the snapshot's.
    const a = await live({ now: NOW_S * 1000 + 2 * 3600_000 });
    expect(headerOf(a.frame())).toContain('up 3d00h');
  });

  it('a pane opened while the server does not answer says it waits, not that it is empty', async () => {
    const a = await live();
    a.store.setOverdue({ noAnswerMs: 8_000, dataAgeMs: 9_000 });
    await a.press('screen.statements');
    const f = await a.waitFor((f) => f.includes('waiting for the server'));
    expect(f).toContain('no answer from the server for 8s');
    expect(f).not.toContain('no statements recorded yet');
  });

  it('a pane just opened waits for its first refresh rather than claiming to be empty, also while paused', async () => {
    const a = await live();
    await a.press('screen.statements');
    let f = await a.waitFor((f) => f.includes('waiting for its first refresh'));
    expect(f).not.toContain('no statements recorded yet');
    await a.press('screen.activity');
    await a.press('app.pause');
    await a.press('screen.statements');
    f = await a.waitFor((f) => f.includes('the display is paused'));
    expect(f).not.toContain('no statements recorded yet');
  });

  it('marks the data stale while the connection is lost, with the count, in ASCII and without colour', async () => {
    const a = await live({ unicode: false });
    a.store.setStatus({ state: 'lost', attempt: 1, failure: { kind: 'connection', message: 'no answer from the server in 10 s: connection dropped' }, nextInMs: 250 }, undefined);
    a.store.setOverdue({ noAnswerMs: 10_000, dataAgeMs: 11_000 });
    const f = await a.waitFor((f) => f.includes('no answer for 10s'));
    expect(headerOf(f)).toMatch(/connection lost - reconnecting \(attempt 1, no answer for 10s\)/);
    const banner = f.split('\n')[3]!;
    expect(banner).toContain('not live');
    expect(banner).toContain('STALE 11s');
    expect(banner).toContain('connection lost');
    expect(banner).toMatch(/^[\x20-\x7e]*$/);
  });
});
