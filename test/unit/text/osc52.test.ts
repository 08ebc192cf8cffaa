import { describe, expect, it } from 'vitest';
import { osc52, OSC52_MAX_BYTES } from '../../../src/text/osc52';

const ESC = '\x1b';
const PLAIN = /^\x1b\]52;c;([A-Za-z0-9+/=]*)\x07$/;

function decode(plain: string): string {
  const m = PLAIN.exec(plain);
  expect(m, JSON.stringify(plain)).not.toBeNull();
  return Buffer.from(m![1]!, 'base64').toString('utf8');
}

describe('osc52', () => {
  it('encodes UTF-8 as base64 in one OSC 52 for the clipboard', () => {
    const text = "SELECT '表' -- 😀\n\x1b[2J";
    const r = osc52(text, {});
    expect(r.truncated).toBe(false);
    expect(r.bytes).toBe(Buffer.byteLength(text));
    expect(decode(r.sequence)).toBe(text);
  });

  it('copies the empty string', () => {
    expect(osc52('', {}).sequence).toBe(`${ESC}]52;c;\x07`);
  });

  it('inside tmux sends the plain sequence and a passthrough with doubled ESCs', () => {
    const plain = osc52('hello', {}).sequence;
    const r = osc52('hello', { TMUX: '/tmp/tmux-0/default,123,0' });
    expect(r.sequence.startsWith(plain)).toBe(true);
    const passthrough = r.sequence.slice(plain.length);
    expect(passthrough.startsWith(`${ESC}Ptmux;`)).toBe(true);
    expect(passthrough.endsWith(`${ESC}\\`)).toBe(true);
    const inner = passthrough.slice(`${ESC}Ptmux;`.length, -2);
    expect(inner).toBe(plain.replaceAll(ESC, ESC + ESC));
    // No single ESC inside the passthrough: tmux would end the DCS there.
    expect(inner.replaceAll(ESC + ESC, '')).not.toContain(ESC);
  });

  it('inside GNU screen cuts the sequence into short DCS chunks', () => {
    const text = 'x'.repeat(500);
    const plain = osc52(text, {}).sequence;
    const r = osc52(text, { STY: '1234.pts-0.host' });
    const chunks = r.sequence.split(`${ESC}\\`);
    expect(chunks.pop()).toBe('');
    expect(chunks.length).toBeGreaterThan(1);
    const contents = chunks.map((c) => {
      expect(c.startsWith(`${ESC}P`)).toBe(true);
      const body = c.slice(2);
      expect(body.length).toBeLessThanOrEqual(76);
      return body;
    });
    expect(contents.join('')).toBe(plain);
    expect(decode(contents.join(''))).toBe(text);
  });

  it('prefers tmux when both TMUX and STY are set', () => {
    expect(osc52('a', { TMUX: 'x', STY: 'y' }).sequence).toContain(`${ESC}Ptmux;`);
  });

  it('caps the payload and cuts at a character boundary', () => {
    const text = 'é'.repeat(40_000); // 80,000 bytes
    const r = osc52(text, {});
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBeLessThanOrEqual(OSC52_MAX_BYTES);
    expect(r.bytes % 2).toBe(0);
    const copied = decode(r.sequence);
    expect(copied).toBe('é'.repeat(r.bytes / 2));
    expect(r.sequence.length).toBeLessThanOrEqual(100_000);
  });

  it.each([
    ['ASCII at the limit', 'abcd', 4, 'abcd', false],
    ['a three-byte character across the limit', 'ab€', 4, 'ab', true],
    ['a four-byte character across the limit', '😀😀', 6, '😀', true],
    ['nothing fits', '😀', 3, '', true],
  ])('%s', (_name, text, max, copied, truncated) => {
    const r = osc52(text, {}, max);
    expect(decode(r.sequence)).toBe(copied);
    expect(r.truncated).toBe(truncated);
    expect(r.bytes).toBe(Buffer.byteLength(copied));
  });
});
