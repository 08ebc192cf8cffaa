/**
 * The built monitor behind a network that stops carrying anything: the screen must say its data is
 * stale and how long the server has not answered, reconnect by itself, and be live again once the
 * network is back.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freezableProxy, type FreezableProxy } from '../helpers/proxy';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
let proxy: FreezableProxy | undefined;
afterEach(async () => {
  term?.kill();
  await proxy?.close();
});

const header = (s: string) => s.split('\n').slice(0, 3).join('\n');

describe.skipIf(!e2e)('pgwarden when the network is black-holed', () => {
  it('says "no answer for", marks the pane STALE, reconnects, and is live again when the network is back', async () => {
    proxy = await freezableProxy({ host: e2e!.primary.tcpHost, port: e2e!.primary.port });
    // ASCII and no colour: the marker must be words.
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C', NO_COLOR: '1', TERM: 'xterm-256color', PGPASSWORD: e2e!.primary.passwords.postgres } });
    term.type(`node ${e2e!.bundle} -h 127.0.0.1 -p ${proxy.port} -U postgres -r 1 postgres`);
    term.keys('Enter');
    await term.waitFor((s) => s.includes('Activity') && /took \d+ ms/.test(s), 'live screen');

    proxy.freeze();
    const frozeAt = Date.now();
    const said = await term.waitFor((s) => /no answer for \d+s/.test(header(s)), '"no answer for" in the header');
    const saidAfter = Date.now() - frozeAt;
    expect(said).toMatch(/STALE \d+s/);
    expect(said.split('\n')[3]).toContain('rows below are not live');
    // Counting up, live.
    const first = Number(/no answer for (\d+)s/.exec(said)![1]);
    await term.waitFor((s) => Number(/no answer for (\d+)s/.exec(s)?.[1] ?? 0) > first, 'the count going up');
    await term.waitFor((s) => /connection lost - reconnecting/.test(header(s)), 'the connection dropped');
    const droppedAfter = Date.now() - frozeAt;
    // A pane opened now has nothing of its own to show: it says it waits.
    term.keys('3');
    await term.waitFor((s) => s.includes('waiting for the server'), 'the statements pane waiting');

    proxy.thaw();
    const thawedAt = Date.now();
    await term.waitFor((s) => /took \d+ ms/.test(header(s)) && !s.includes('STALE') && s.includes('Statements'), 'live again');
    const liveAfter = Date.now() - thawedAt;
    console.log(`[stale e2e] on screen: "no answer" ${saidAfter} ms after the freeze, "connection lost" after ${droppedAfter} ms; live ${liveAfter} ms after the thaw`);
    term.keys('q');
    await term.waitFor((s) => !s.includes('Statements'), 'quit');
  });
});
