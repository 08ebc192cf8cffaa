import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/problems';
import { parsePreferences, refreshFor, thresholdsFor } from '../../../src/prefs/parse';

const F = 'config.yaml';

describe('servers as a list: the fleet of the preferences file', () => {
  it('reads each server with its name and target; its thresholds and refresh are found by its name', () => {
    const r = parsePreferences(
      `servers:
  - name: primary
    target: postgres://db1.example.com/app
    refresh: 5s
  - name: replica
    target: service=replica
    thresholds:
      replication_lag_seconds: { warn: 5, critical: 30 }
`,
      F,
    );
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.prefs.fleet).toEqual([
      { name: 'primary', target: 'postgres://db1.example.com/app' },
      { name: 'replica', target: 'service=replica' },
    ]);
    expect(refreshFor(r.prefs, 'primary')).toBe(5);
    expect(thresholdsFor(r.prefs, 'replica', DEFAULT_THRESHOLDS).replicationLagSeconds).toEqual({ warn: 5, critical: 30 });
  });

  it('says which item lacks a name or target, repeats a name, or has an unknown key', () => {
    const r = parsePreferences(
      `servers:
  - name: a
  - name: b
    target: host=b
    colour: red
  - name: b
    target: host=c
`,
      F,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'config.yaml:2: servers[0]: each server of the list needs a name and a target',
      'config.yaml:5: servers[1].colour: unknown key (expected name, target, thresholds, refresh)',
      'config.yaml:6: servers[2].name: "b" is already the name of another server',
    ]);
  });

  it('the mapping form is unchanged and lists no fleet', () => {
    const r = parsePreferences('servers:\n  db1:\n    refresh: 3\n', F);
    expect(r.ok && r.prefs.fleet).toEqual([]);
  });
});
