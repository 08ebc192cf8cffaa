import { describe, expect, it } from 'vitest';
import { answerWithin, NoAnswerError } from '../../../src/data/db';
import { classify } from '../../../src/data/errors';
import { staleAfterMs } from '../../../src/data/poller';
import { staleness } from '../../../src/state/staleness';
import { Store } from '../../../src/state/store';

describe('when a refresh is overdue', () => {
  it('after three intervals, never before 5 s nor after 15 s', () => {
    expect(staleAfterMs(500)).toBe(5_000);
    expect(staleAfterMs(1_000)).toBe(5_000);
    expect(staleAfterMs(2_000)).toBe(6_000);
    expect(staleAfterMs(4_000)).toBe(12_000);
    expect(staleAfterMs(10_000)).toBe(15_000);
    expect(staleAfterMs(60_000)).toBe(15_000);
  });

  it('the shown data is stale while a refresh is overdue or the connection is lost or being made again', () => {
    const store = new Store();
    expect(staleness(store.get())).toBeUndefined();
    store.setStatus({ state: 'ready' }, undefined);
    expect(staleness(store.get())).toBeUndefined();
    store.setOverdue({ noAnswerMs: 5_400, dataAgeMs: 6_100 });
    expect(staleness(store.get())).toEqual({ noAnswerS: 5, dataAgeS: 6, cause: 'no-answer' });
    store.setStatus({ state: 'lost', attempt: 1, failure: { kind: 'connection', message: 'x' }, nextInMs: 250 }, undefined);
    expect(staleness(store.get())?.cause).toBe('lost');
    store.setStatus({ state: 'connecting', attempt: 1 }, undefined);
    expect(staleness(store.get())?.cause).toBe('lost');
    store.setStatus({ state: 'ready' }, undefined);
    store.setOverdue(undefined);
    expect(staleness(store.get())).toBeUndefined();
  });
});

describe('a statement past its deadline', () => {
  it('fails with NoAnswerError, classified as a lost connection, and lets the caller destroy the connection', async () => {
    let destroyed: NoAnswerError | undefined;
    const never = new Promise<never>(() => undefined);
    const err = await answerWithin(never, 20, (e) => (destroyed = e)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoAnswerError);
    expect(destroyed).toBe(err);
    expect(classify(err).kind).toBe('connection');
    expect(classify(err).message).toMatch(/no answer from the server/);
  });

  it('passes an answer or an error through untouched when it comes in time', async () => {
    let late = false;
    expect(await answerWithin(Promise.resolve(7), 1000, () => (late = true))).toBe(7);
    await expect(answerWithin(Promise.reject(new Error('boom')), 1000, () => (late = true))).rejects.toThrow('boom');
    expect(late).toBe(false);
  });

  it("the driver's connect timeout is a lost connection too", () => {
    expect(classify(new Error('timeout expired')).kind).toBe('connection');
  });
});
