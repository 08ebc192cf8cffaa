/**
 * Order of identifiers (problem ids, row keys, key names, ISO timestamps) by UTF-16 code unit.
 * Not `localeCompare`: its first call loads ICU's collation data, which kept 1.5-2 MB more of the
 * single executable's file resident (issue 18), and every call goes through a collator. These
 * strings only need a stable order; text a user sorts a table by keeps the locale's order
 * (screens/tables.ts).
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
