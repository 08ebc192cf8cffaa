/**
 * Where the preferences file lives: `--config FILE`, else `$XDG_CONFIG_HOME/pgwarden/config.yaml`
 * (default `~/.config/pgwarden/config.yaml`). A missing default file is no error (defaults apply);
 * a missing file named by --config is.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { emptyPreferences } from './layers';
import type { ParseResult } from './parse';

/** The default path. A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored. */
export function defaultPreferencesPath(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'pgwarden', 'config.yaml');
}

export async function loadPreferences(opts: { explicit?: string; env: NodeJS.ProcessEnv; home: string }): Promise<ParseResult> {
  const file = opts.explicit ?? defaultPreferencesPath(opts.env, opts.home);
  let text: string;
  try {
    // Read at start, before anything else can run: a synchronous read spares the first use of
    // libuv's thread pool (four threads started, and a round trip to one) when nothing else needs it.
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && opts.explicit === undefined) return { ok: true, prefs: emptyPreferences() };
    return { ok: false, errors: [`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`] };
  }
  // The YAML parser is loaded only when there is a file to parse.
  const { parsePreferences } = await import('./parse');
  return parsePreferences(text, file);
}
