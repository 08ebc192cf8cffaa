/** The real file system and user for {@link resolveConnection}. */
import { readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import type { ConnectionDeps } from './types';

/**
 * Deps backed by node:fs and node:os. The OS user comes from the password database, as libpq's
 * does (not from $USER); `env` supplies fallbacks when there is no entry for the current uid.
 */
export function nodeConnectionDeps(env: NodeJS.ProcessEnv = process.env): ConnectionDeps {
  let username: string;
  try {
    username = userInfo().username;
  } catch {
    username = env.USER ?? env.LOGNAME ?? 'postgres';
  }
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    statMode(path) {
      try {
        return statSync(path).mode;
      } catch {
        return undefined;
      }
    },
    homedir: homedir(),
    username,
  };
}
