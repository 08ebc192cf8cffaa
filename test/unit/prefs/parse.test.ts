import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/problems';
import { defaultPreferencesPath, loadPreferences } from '../../../src/prefs/load';
import { parsePreferences, refreshFor, thresholdsFor } from '../../../src/prefs/parse';
import { testDir } from '../../helpers/tmp';

const F = '/home/u/.config/pgwarden/config.yaml';

const GOOD = `# pgwarden preferences
refresh: 2
light_background: true
rewind: { memory: 64 MB, window: 30m }
default_sort:
  activity: -duration
  statements: total
hidden_columns:
  activity: [client, backend_type]
thresholds:
  cache_hit: { warn: 99%, critical: 0.95 }
  idle_in_transaction_seconds: { warn: 30s, critical: 5m }
  replication_lag_bytes: { warn: 64 MB }
servers:
  db1.example.com:
    refresh: 5s
  db1.example.com:5432/app:
    thresholds:
      replication_lag_seconds: { warn: 5, critical: 30 }
`;

describe('preferences file', () => {
  it('reads every key, with units written by hand', () => {
    const r = parsePreferences(GOOD, F);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.prefs).toMatchObject({
      refreshSeconds: 2,
      lightBackground: true,
      rewind: { memoryBytes: 64 * 1024 * 1024, windowSeconds: 1800 },
      defaultSort: { activity: { column: 'duration', descending: true }, statements: { column: 'total', descending: false } },
      hiddenColumns: { activity: ['client', 'backend_type'] },
      thresholds: { cacheHit: { warn: 0.99, critical: 0.95 }, idleInTransactionSeconds: { warn: 30, critical: 300 }, replicationLagBytes: { warn: 64 * 1024 ** 2 } },
    });
    // Per server: the most specific entry wins, over the global values, over the defaults.
    const th = thresholdsFor(r.prefs, 'db1.example.com:5432/app', DEFAULT_THRESHOLDS);
    expect(th.replicationLagSeconds).toEqual({ warn: 5, critical: 30 });
    expect(th.replicationLagBytes).toEqual({ warn: 64 * 1024 ** 2, critical: DEFAULT_THRESHOLDS.replicationLagBytes.critical });
    expect(th.connections).toEqual(DEFAULT_THRESHOLDS.connections);
    expect(thresholdsFor(r.prefs, 'db2:5432/app', DEFAULT_THRESHOLDS).replicationLagSeconds).toEqual(DEFAULT_THRESHOLDS.replicationLagSeconds);
    expect(refreshFor(r.prefs, 'db1.example.com:5432/app')).toBe(5);
    expect(refreshFor(r.prefs, 'db2:5432/app')).toBe(2);
  });

  it('an empty file is the defaults', () => {
    expect(parsePreferences('# nothing yet\n', F)).toMatchObject({ ok: true, prefs: { thresholds: {}, servers: {} } });
  });

  it.each([
    ['an unknown top-level key', 'refresh: 2\nrefrsh: 3\n', `${F}:2: refrsh: unknown key`],
    ['an unknown threshold', 'thresholds:\n  cache_hits: { warn: 0.9 }\n', `${F}:2: thresholds.cache_hits: unknown threshold`],
    ['an unknown level', 'thresholds:\n  cache_hit:\n    warning: 0.9\n', `${F}:3: thresholds.cache_hit.warning: unknown key (expected warn and/or critical)`],
    ['a share above 1', 'thresholds:\n  connections:\n    warn: 80\n', `${F}:3: thresholds.connections.warn: expected a share from 0 to 1`],
    ['a duration that does not parse', 'thresholds:\n  query_duration_seconds: { warn: 5 minutes }\n', `${F}:2: thresholds.query_duration_seconds.warn: expected seconds, or a duration`],
    ['limits in the wrong order', 'thresholds:\n  replication_lag_seconds: { warn: 300, critical: 60 }\n', `${F}:2: thresholds.replication_lag_seconds: critical must not be below warn`],
    ['cache hit limits in the wrong order', 'thresholds:\n  cache_hit: { warn: 0.9, critical: 0.95 }\n', `${F}:2: thresholds.cache_hit: critical must not be above warn (lower is worse)`],
    ['a refresh out of range', '\nrefresh: 0.1\n', `${F}:2: refresh: expected seconds from 0.5 to 60`],
    ['a rewind buffer too small', 'rewind:\n  memory: 100 kB\n', `${F}:2: rewind.memory: expected a size from 1 MB to 4 GB`],
    ['an unknown rewind key', 'rewind:\n  minutes: 5\n', `${F}:2: rewind.minutes: unknown key (expected memory, window)`],
    ['a word for a boolean', 'light_background: yes\n', `${F}:1: light_background: expected true or false`],
    ['an unknown screen', 'hidden_columns:\n  activty: [client]\n', `${F}:2: hidden_columns.activty: unknown screen`],
    ['hidden columns not a list', 'hidden_columns:\n  activity: client\n', `${F}:2: hidden_columns.activity: expected a list of column names`],
    ['an unknown key under a server', 'servers:\n  db1:\n    thresholds: {}\n    sort: x\n', `${F}:4: servers.db1.sort: unknown key (expected thresholds, refresh)`],
    ['a server that is not a mapping', 'servers:\n  db1: 5\n', `${F}:2: servers.db1: expected a mapping of keys`],
    ['an empty section', 'thresholds:\n', `${F}:1: thresholds: expected a mapping of keys`],
    ['a duplicate key', 'refresh: 2\nrefresh: 3\n', `${F}:2: Map keys must be unique`],
    ['a syntax error', 'thresholds: [1\n', `${F}:2: Flow sequence in block collection must be sufficiently indented and end with a ]`],
    ['a list at the top', '- refresh\n', `${F}:1: the file must be a mapping`],
  ])('rejects %s, naming file, line and key', (_name, text, start) => {
    const r = parsePreferences(text, F);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toContain(start);
  });

  it('reports every error of the file, not only the first', () => {
    const r = parsePreferences('refresh: 100\nthresholds:\n  nope: {}\n  connections: { warn: 2 }\nextra: 1\n', F);
    expect(r.ok ? [] : r.errors.map((e) => e.split(': ')[0])).toEqual([`${F}:1`, `${F}:3`, `${F}:4`, `${F}:5`]);
  });
});

describe('where the file is', () => {
  it('follows XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(defaultPreferencesPath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/u')).toBe('/x/cfg/pgwarden/config.yaml');
    expect(defaultPreferencesPath({ XDG_CONFIG_HOME: 'rel' }, '/home/u')).toBe('/home/u/.config/pgwarden/config.yaml');
    expect(defaultPreferencesPath({}, '/home/u')).toBe('/home/u/.config/pgwarden/config.yaml');
  });

  it('a missing default file is the defaults; a missing --config file is an error', async () => {
    const home = testDir('pgw-prefs-');
    expect(await loadPreferences({ env: {}, home })).toMatchObject({ ok: true });
    expect(await loadPreferences({ explicit: join(home, 'none.yaml'), env: {}, home })).toEqual({ ok: false, errors: [`${join(home, 'none.yaml')}: no such file`] });
    const file = join(home, 'p.yaml');
    writeFileSync(file, 'thresholds:\n  connections: { warn: 70% }\n');
    expect(await loadPreferences({ explicit: file, env: {}, home })).toMatchObject({ ok: true, prefs: { file, thresholds: { connections: { warn: 0.7 } } } });
  });
});
