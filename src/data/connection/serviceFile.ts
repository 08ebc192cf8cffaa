/**
 * libpq's connection service files (pg_service.conf). The per-user file is `PGSERVICEFILE` or
 * `~/.pg_service.conf`; the system file is `pg_service.conf` in `PGSYSCONFDIR` or the compiled-in
 * sysconfdir. The user file is searched first and the first file that defines the service wins;
 * within a file, the first section with that name wins (libpq stops at the next section header).
 */
import { ConnectionConfigError } from './errors';
import { foreignKeyword, isKeyword, rejectHostList, type Params } from './keywords';

/** Where the service files are looked for. */
export interface ServiceFileLocations {
  /** `PGSERVICEFILE`, or `~/.pg_service.conf`. */
  userFile: string;
  /** `PGSYSCONFDIR/pg_service.conf`, or the sysconfdir default. */
  systemFile: string;
}

/** The settings of one service and where they came from. */
export interface ServiceEntry {
  params: Params;
  warnings: string[];
  file: string;
}

/**
 * Finds `service` in the user file, then the system file (a missing file is skipped). Throws when
 * neither defines it, as libpq does ("definition of service … not found"), and on syntax errors.
 */
export function lookupService(
  service: string,
  files: ServiceFileLocations,
  readFile: (path: string) => string | undefined,
): ServiceEntry {
  for (const file of [files.userFile, files.systemFile]) {
    const text = readFile(file);
    if (text === undefined) continue;
    const found = parseServiceFile(text, service, file);
    if (found) return { ...found, file };
  }
  throw new ConnectionConfigError(
    `definition of service "${service}" not found (looked in ${files.userFile} and ${files.systemFile})`,
  );
}

/**
 * Reads one file's section for `service`, or undefined when the file has none. libpq's syntax:
 * surrounding white space is trimmed from each line; `#` starts a comment line; `key=value` with no
 * white space around `=` (libpq reports `host = x` as a syntax error, so we do too, with a hint).
 */
export function parseServiceFile(
  text: string,
  service: string,
  file: string,
): { params: Params; warnings: string[] } | undefined {
  let inSection = false;
  let found: { params: Params; warnings: string[] } | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `service file "${file}", line ${n + 1}`;
    if (line.startsWith('[')) {
      // The first matching section is complete once the next header starts.
      if (found) break;
      // libpq compares the name and the "]" after it; anything after the "]" is ignored.
      inSection = line.startsWith(`[${service}]`);
      if (inSection) found = { params: {}, warnings: [] };
      continue;
    }
    if (!inSection || !found) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ConnectionConfigError(`syntax error in ${where}: expected key=value`);
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'service') throw new ConnectionConfigError(`nested service specifications are not supported (${where})`);
    if (key !== key.trim())
      throw new ConnectionConfigError(`syntax error in ${where}: no spaces are allowed before "=" (libpq rejects them too)`);
    // libpq: the first occurrence of a keyword in the section counts.
    if (isKeyword(key)) found.params[key] ??= value;
    else found.warnings.push(foreignKeyword(key, value, where));
  }
  if (found) rejectHostList(found.params, `service "${service}" in ${file}`);
  return found;
}
