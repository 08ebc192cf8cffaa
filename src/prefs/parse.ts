/**
 * Reads and validates the preferences file (YAML). Every error names the file, the line and the
 * key (`config.yaml:12: thresholds.cache_hit.warn: …`); an unknown key is an error, not ignored,
 * so a typo never silently leaves a default in force.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Limit, ThresholdName } from '../problems/thresholds';
import { emptyPreferences, type Preferences, type SortPreference, type ServerPreferences, type ThresholdOverrides } from './layers';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../data/poller';
import { parseLimitValue, TABLE_SCREENS, THRESHOLD_KEYS, UNIT_HELP, unitOf } from './schema';
import { parseSeconds, parseSize } from './values';

export type { Preferences, SortPreference, ServerPreferences, ThresholdOverrides } from './layers';
export { emptyPreferences, refreshFor, thresholdsFor } from './layers';

export type ParseResult = { ok: true; prefs: Preferences } | { ok: false; errors: string[] };

export function parsePreferences(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors: string[] = [];
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const at = (node: Node | Pair | null | undefined, path: string, msg: string): void => {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as Node | null)?.range : undefined;
    errors.push(`${file}:${lineOf(range?.[0])}: ${path ? `${path}: ` : ''}${msg}`);
  };
  for (const e of doc.errors) errors.push(`${file}:${lineOf(e.pos[0])}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  if (errors.length) return { ok: false, errors };

  const prefs = emptyPreferences();
  prefs.file = file;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { ok: true, prefs };
  if (!isMap(root)) {
    at(root, '', 'the file must be a mapping of keys (refresh, thresholds, servers, …)');
    return { ok: false, errors };
  }

  /** Each key of a mapping, with its node; anything but a mapping is one error. */
  const entries = (node: unknown, path: string, where?: Pair): [string, Node | null, Pair][] => {
    if (!isMap(node)) {
      at((node as Node | null) ?? where, path, 'expected a mapping of keys');
      return [];
    }
    return (node as YAMLMap).items.map((p) => [String(isScalar(p.key) ? p.key.value : p.key), p.value as Node | null, p]);
  };
  const scalar = (n: Node | null): unknown => (isScalar(n) ? n.value : undefined);

  const refresh = (n: Node | null, path: string): number | undefined => {
    const s = parseSeconds(scalar(n));
    if (s === undefined || s * 1000 < MIN_INTERVAL_MS || s * 1000 > MAX_INTERVAL_MS) {
      at(n, path, `expected seconds from ${MIN_INTERVAL_MS / 1000} to ${MAX_INTERVAL_MS / 1000} (a number or "2s")`);
      return undefined;
    }
    return s;
  };

  const thresholds = (node: Node | null, path: string, where: Pair): ThresholdOverrides => {
    const out: ThresholdOverrides = {};
    for (const [key, value, pair] of entries(node, path, where)) {
      const name = THRESHOLD_KEYS.get(key);
      const p = `${path}.${key}`;
      if (!name) {
        at(pair, p, `unknown threshold (known: ${[...THRESHOLD_KEYS.keys()].join(', ')})`);
        continue;
      }
      const limit: Partial<Limit> = {};
      for (const [level, v, lp] of entries(value, p, pair)) {
        if (level !== 'warn' && level !== 'critical') {
          at(lp, `${p}.${level}`, 'unknown key (expected warn and/or critical)');
          continue;
        }
        const n = parseLimitValue(name, scalar(v));
        if (n === undefined) at(v ?? lp, `${p}.${level}`, `expected ${UNIT_HELP[unitOf(name)]}`);
        else limit[level] = n;
      }
      if (limit.warn !== undefined && limit.critical !== undefined) {
        const lower = name === 'cacheHit';
        if (lower ? limit.critical > limit.warn : limit.critical < limit.warn) {
          at(pair, p, lower ? 'critical must not be above warn (lower is worse)' : 'critical must not be below warn');
        }
      }
      out[name] = limit;
    }
    return out;
  };

  const perScreen = <T>(node: Node | null, path: string, where: Pair, read: (v: Node | null, p: string, pair: Pair) => T | undefined): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [screen, v, pair] of entries(node, path, where)) {
      if (!(TABLE_SCREENS as readonly string[]).includes(screen)) {
        at(pair, `${path}.${screen}`, `unknown screen (known: ${TABLE_SCREENS.join(', ')})`);
        continue;
      }
      const r = read(v, `${path}.${screen}`, pair);
      if (r !== undefined) out[screen] = r;
    }
    return out;
  };
  const column = /^[a-z][a-z0-9_ %/.-]*$/i;

  for (const [key, value, pair] of entries(root, '')) {
    switch (key) {
      case 'refresh':
        prefs.refreshSeconds = refresh(value, key);
        break;
      case 'light_background': {
        const v = scalar(value);
        if (typeof v !== 'boolean') at(value ?? pair, key, 'expected true or false');
        else prefs.lightBackground = v;
        break;
      }
      case 'rewind':
        // How much of the live screen's past the rewind keys can reach (src/rewind/buffer.ts).
        for (const [k, v, pr] of entries(value, key, pair)) {
          if (k === 'memory') {
            const n = parseSize(scalar(v));
            if (n === undefined || n < 1024 * 1024 || n > 4 * 1024 ** 3) at(v ?? pr, 'rewind.memory', 'expected a size from 1 MB to 4 GB, such as "64 MB"');
            else prefs.rewind.memoryBytes = n;
          } else if (k === 'window') {
            const n = parseSeconds(scalar(v));
            if (n === undefined || n < 10 || n > 86_400) at(v ?? pr, 'rewind.window', 'expected a duration from 10s to 24h, such as "15m"');
            else prefs.rewind.windowSeconds = n;
          } else at(pr, `rewind.${k}`, 'unknown key (expected memory, window)');
        }
        break;
      case 'default_sort':
        prefs.defaultSort = perScreen(value, key, pair, (v, p, pr) => {
          const s = scalar(v);
          if (typeof s !== 'string' || !column.test(s.replace(/^-/, ''))) {
            at(v ?? pr, p, 'expected a column name, "-name" for descending');
            return undefined;
          }
          return { column: s.replace(/^-/, ''), descending: s.startsWith('-') };
        });
        break;
      case 'hidden_columns':
        prefs.hiddenColumns = perScreen(value, key, pair, (v, p, pr) => {
          if (!isSeq(v) || v.items.some((i) => typeof scalar(i as Node) !== 'string')) {
            at(v ?? pr, p, 'expected a list of column names');
            return undefined;
          }
          return v.items.map((i) => String(scalar(i as Node)));
        });
        break;
      case 'thresholds':
        prefs.thresholds = thresholds(value, key, pair);
        break;
      case 'servers':
        // A list: the servers of a fleet, each `{name, target, thresholds?, refresh?}`.
        if (isSeq(value)) {
          value.items.forEach((item, i) => {
            const path = `servers[${i}]`;
            const sp: ServerPreferences = { thresholds: {} };
            let name: string | undefined;
            let target: string | undefined;
            for (const [k, v, pr] of entries(item, path, pair)) {
              const text = typeof scalar(v) === 'string' && String(scalar(v)).trim() ? String(scalar(v)) : undefined;
              if (k === 'name') name = text ?? (at(v ?? pr, `${path}.name`, 'expected a name'), undefined);
              else if (k === 'target') target = text ?? (at(v ?? pr, `${path}.target`, 'expected a URI, a key=value connection string or service=NAME'), undefined);
              else if (k === 'thresholds') sp.thresholds = thresholds(v, `${path}.thresholds`, pr);
              else if (k === 'refresh') sp.refreshSeconds = refresh(v, `${path}.refresh`);
              else at(pr, `${path}.${k}`, 'unknown key (expected name, target, thresholds, refresh)');
            }
            if (!isMap(item)) return;
            if (!name || !target) return at(item as Node, path, 'each server of the list needs a name and a target');
            if (prefs.fleet.some((f) => f.name === name)) return at(item as Node, `${path}.name`, `"${name}" is already the name of another server`);
            prefs.fleet.push({ name, target });
            prefs.servers[name] = sp;
          });
          break;
        }
        for (const [server, sv, spair] of entries(value, key, pair)) {
          const sp: ServerPreferences = { thresholds: {} };
          for (const [k, v, pr] of entries(sv, `servers.${server}`, spair)) {
            if (k === 'thresholds') sp.thresholds = thresholds(v, `servers.${server}.thresholds`, pr);
            else if (k === 'refresh') sp.refreshSeconds = refresh(v, `servers.${server}.refresh`);
            else at(pr, `servers.${server}.${k}`, 'unknown key (expected thresholds, refresh)');
          }
          prefs.servers[server] = sp;
        }
        break;
      default:
        at(pair, key, 'unknown key (expected refresh, light_background, rewind, default_sort, hidden_columns, thresholds, servers)');
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, prefs };
}
