import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordPlan } from '../../../src/cli/record';
import { replayOutput } from '../../../src/cli/replay';
import { parseReplayTime } from '../../../src/recorder/time';
import { RecordingWriter } from '../../../src/recorder/writer';
import { testDir } from '../../helpers/tmp';
import { fakeSnapshot, HEADER } from './fixtures';

describe('record flags', () => {
  it('reads durations, sizes and rotation, and refuses what cannot run', () => {
    expect(recordPlan({ out: '/nonexistent/x', duration: '1h', interval: '1s', maxSize: '100MB', rotate: 3 }, 2)).toEqual({
      out: '/nonexistent/x', durationMs: 3_600_000, intervalMs: 1000, maxBytes: 100 * 1024 ** 2, keep: 3, normalize: false,
    });
    expect(recordPlan({ out: '/nonexistent/x' }, 2)).toMatchObject({ intervalMs: 2000, durationMs: undefined, keep: undefined });
    expect(recordPlan({}, 2)).toMatch(/needs --out FILE/);
    expect(recordPlan({ out: 'x', interval: '100ms' }, 2)).toMatch(/--interval must be between/);
    expect(recordPlan({ out: 'x', duration: 'soon' }, 2)).toMatch(/--duration must be/);
    expect(recordPlan({ out: 'x', rotate: 2 }, 2)).toMatch(/--rotate N goes with --max-size/);
    expect(recordPlan({ out: __filename }, 2)).toMatch(/exists: remove it, or give --max-size and --rotate N/);
  });
});

describe('replay TIME', () => {
  const first = Date.parse('2026-12-05T23:50:00Z');
  const last = Date.parse('2026-12-06T00:20:00Z');
  it.each([
    ['+5m', first + 300_000],
    ['-1m', last - 60_000],
    ['+90', first + 90_000],
    ['2026-12-05T23:55:01Z', Date.parse('2026-12-05T23:55:01Z')],
    ['2026-12-05T23:55:01.250Z', Date.parse('2026-12-05T23:55:01.250Z')],
  ])('%s', (text, t) => {
    expect(parseReplayTime(text, first, last)).toBe(t);
  });

  it('reads a time of day on the recording day, local time, the next day past midnight', () => {
    // The first snapshot's own time of day, and one a minute before the last (next day if it is).
    const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);
    expect(parseReplayTime(clock(first), first, last)).toBe(first);
    expect(parseReplayTime(clock(last - 60_000), first, last)).toBe(last - 60_000);
    const at = parseReplayTime('12:00:00', first, last) as number;
    expect(new Date(at).getHours()).toBe(12);
    expect(new Date(at).getMinutes()).toBe(0);
  });

  it('says how to write a time it cannot read', () => {
    expect(parseReplayTime('yesterday', first, last)).toMatch(/is not a time: write/);
    expect(parseReplayTime('25:00', first, last)).toMatch(/not a time of day/);
    expect(parseReplayTime('+soon', first, last)).toMatch(/not an offset/);
  });
});

describe('replay output', () => {
  it('prints the moment in the snapshot --json shape, and refuses times outside the recording', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    const w = new RecordingWriter({ path, header: HEADER });
    for (let i = 0; i < 10; i++) w.append(fakeSnapshot(i, 5));
    w.close();
    const out = replayOutput({ file: path, at: '+3s', json: true, report: false, version: '9.9.9' });
    expect('text' in out).toBe(true);
    const doc = JSON.parse((out as { text: string }).text);
    expect(doc).toMatchObject({ pgwarden: '9.9.9', taken_at: new Date(HEADER.startedAt + 3000).toISOString(), server: { major: 18 }, replay: { truncated: false } });
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['summary', 'activity', 'locks', 'statements', 'problems']));
    expect(replayOutput({ file: path, at: '+1h', json: true, report: false, version: '1' })).toEqual({ error: expect.stringMatching(/is after the recording/) });
    expect(replayOutput({ file: join(path, 'nope'), report: true, json: false, version: '1' })).toEqual({ error: expect.stringMatching(/no such file|ENOTDIR/) });
  });

  it('reports no problem for a quiet recording, its server text escaped', () => {
    const path = join(testDir('pgwarden-rec-'), 'r.pgwrec');
    const w = new RecordingWriter({ path, header: { ...HEADER, server: 'db|\u001b[31mred' } });
    w.append(fakeSnapshot(0, 5));
    w.close();
    const out = replayOutput({ file: path, report: true, json: false, version: '1' }) as { text: string };
    expect(out.text).toContain('No problem was shown during the recording.');
    expect(out.text).toContain('db\\|\\x1b[31mred');
    expect(out.text).not.toContain('\u001b');
  });
});
