/**
 * What a check could not see (rows our role may not read, objects locked while it ran) and the
 * grants that would show them. A check never passes on part of its data: see {@link withUnseen}.
 */
import type { Capabilities } from '../../data/server';
import { displayIdent } from '../../data/sql/ident';
import type { CheckResult, Unseen } from '../types';

/** Our role as it goes into a GRANT the operator copies. */
export const roleOf = (caps: Capabilities): string => displayIdent(caps.currentUser);

/** `1 table`, `3 tables`. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Names in a reason, the first few only: a reason is one line. */
export function some(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * The grants that let our role read the rows of `kind` in `schemas` (SELECT on a table shows its
 * statistics in pg_stats; SELECT or USAGE on a sequence shows its last_value in pg_sequences),
 * and from 14 on the predefined role that reads all of it. SQL, one statement a line.
 */
export function grantRead(kind: 'TABLES' | 'SEQUENCES', schemas: readonly string[], caps: Capabilities): string {
  const role = roleOf(caps);
  const each = schemas.slice(0, 5).map((s) => `GRANT SELECT ON ALL ${kind} IN SCHEMA ${displayIdent(s)} TO ${role};`);
  if (schemas.length > 5) each.push(`-- and the same for ${schemas.length - 5} more schemas`);
  // pg_read_all_data reads every row of every table too: a wider grant than a monitor needs.
  const all = caps.major >= 14 ? ['-- or, for every schema at once (it may then read every row):', `GRANT pg_read_all_data TO ${role};`] : [];
  return [...each, ...all].join('\n');
}

/** The grant that shows other roles' sessions and statements (pg_monitor includes it). */
export const grantStats = (caps: Capabilities): string => `GRANT pg_monitor TO ${roleOf(caps)};`;

/**
 * Applies what a check could not see to its verdict. A pass (or an unknown) becomes unknown: the
 * summary leads with what was not read. A warn or a fail found in what was read stands, and the
 * summary adds what was not read.
 */
export function withUnseen(r: CheckResult, unseen: readonly Unseen[]): CheckResult {
  if (unseen.length === 0) return r;
  const what = unseen.map((u) => u.reason).join('; ');
  if (r.outcome === 'pass' || r.outcome === 'unknown') return { ...r, outcome: 'unknown', summary: `not seen: ${what}; in what was read: ${r.summary}`, unseen: [...unseen] };
  return { ...r, summary: `${r.summary}; not seen: ${what}`, unseen: [...unseen] };
}
