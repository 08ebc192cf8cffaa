import { describe, expect, it } from 'vitest';
import { announcedMajor } from '../../../src/data/server';

describe('announcedMajor', () => {
  it.each([
    ['18.4', 18],
    ['13.23 (Debian 13.23-1.pgdg120+1)', 13],
    ['17devel', 17],
    ['16beta2', 16],
  ])('%s is major %i', (v, major) => expect(announcedMajor(v)).toBe(major));

  it.each([[undefined], [''], ['9.6.24'], ['1.18.0/bouncer'], ['x']])('%s is not read as a major: the probe asks', (v) => expect(announcedMajor(v)).toBeUndefined());
});
