/**
 * Names of tables seen in the vacuum pane, by relid, so other panes (the charts view) can title a
 * table's series after the vacuum collector stopped running. Untrusted text: sanitize to display.
 */
const names = new Map<string, string>();
const LIMIT = 10_000;

export function rememberTableName(relid: string, name: string): void {
  if (names.size >= LIMIT && !names.has(relid)) names.clear();
  names.set(relid, name);
}

export function tableNameOf(relid: string): string | undefined {
  return names.get(relid);
}
