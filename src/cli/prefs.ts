/** The preferences file for the command line: loaded once, its errors one per line. */
import { homedir } from 'node:os';
import { loadPreferences } from '../prefs/load';
import { refreshFor, thresholdsFor, type Preferences } from '../prefs/layers';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../problems/thresholds';
import { safeLine } from '../text/sanitize';

export async function readPreferences(explicit: string | undefined): Promise<Preferences | { error: string }> {
  const r = await loadPreferences({ explicit, env: process.env, home: homedir() });
  // File paths and YAML messages can hold anything the file holds: shown through the boundary.
  return r.ok ? r.prefs : { error: r.errors.map((e) => safeLine(e)).join('\n') };
}

/** What a command needs from the preferences for one server. */
export function forServer(prefs: Preferences, serverKey: string, refreshFlag: number | undefined): { thresholds: Thresholds; refreshSeconds: number } {
  return { thresholds: thresholdsFor(prefs, serverKey, DEFAULT_THRESHOLDS), refreshSeconds: refreshFlag ?? refreshFor(prefs, serverKey) ?? 2 };
}
