import { describe, expect, it } from 'vitest';
import { nextDelay } from '../../../src/data/poller';

describe('refresh cadence', () => {
  it('counts the interval from the start of the previous refresh', () => {
    expect(nextDelay(1000, 0)).toBe(1000);
    expect(nextDelay(1000, 300)).toBe(700);
    expect(nextDelay(2000, 1999)).toBe(200);
  });

  it('pauses a tenth of the interval after a refresh slower than the interval', () => {
    expect(nextDelay(1000, 1000)).toBe(100);
    expect(nextDelay(1000, 5000)).toBe(100);
    expect(nextDelay(500, 480)).toBe(50);
  });

  it('treats a clock that stepped back as an instant refresh', () => {
    expect(nextDelay(1000, -50)).toBe(1000);
  });
});
