/**
 * Turning a step's suggested SQL into one statement that may be run, after confirmation, on the
 * action session: placeholders are filled from the check's evidence (plain identifiers only) or
 * asked for and quoted, a signal to a `<pid>` is handed to the backend actions, the statement's
 * locks are described in words, and statements PostgreSQL refuses inside a transaction block are
 * recognised.
 *
 * Nothing here runs a user's code with pgwarden's rights (reviewed for issue 19): names from the
 * evidence are filled in only when plain, then schema-qualified and quoted; names typed by the
 * operator are quoted; `<pid>` signals go through the backend actions (identity-checked, audited);
 * a suggestion of more than one statement (the bigint migration's ALTER TABLE, which would
 * re-check a table owner's CHECK functions with the caller's rights) is never run, only copied.
 * VACUUM, ANALYZE, CREATE INDEX and REINDEX evaluate index expressions as the table's owner
 * inside a security-restricted operation (PostgreSQL 13.7 / 14.3 and later, CVE-2022-1552);
 * on older minors the fix is refused (see {@link maintenanceRisk}).
 */
import { quoteIdent } from '../data/sql/ident';
import type { Evidence } from './types';

/** A statement ready to be confirmed and run. */
export interface FixPlan {
  sql: string;
  /** What the statement locks, in plain words, when it blocks other sessions. */
  warning?: string;
  /** False for statements that cannot run inside BEGIN … COMMIT (VACUUM, … CONCURRENTLY). */
  transaction: boolean;
}

// A placeholder names the evidence column that fills it.
const COLUMN: Record<string, string> = { table: 'table', oldest_table: 'table', index: 'index', duplicate_index: 'index', slot: 'slot' };
// Placeholders that name a relation (filled as quoted identifiers); the rest are literals.
const IDENT: Record<string, true> = { table: true, oldest_table: true, index: true, duplicate_index: true };
// Only names that need no quoting are filled in: anything else could change the statement.
const PLAIN = /^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?$/;

function strip(sql: string): string {
  return sql
    .split('\n')
    .map((l) => l.replace(/--.*$/, ''))
    .join('\n')
    .trim();
}

/** The lock a statement takes that stops other sessions, in words; undefined when it does not. */
export function lockWarning(sql: string): string | undefined {
  const s = sql.replace(/\s+/g, ' ').trim().toUpperCase();
  if (/^VACUUM ?\([^)]*\bFULL\b/.test(s) || /^VACUUM FULL\b/.test(s))
    return 'VACUUM FULL takes an ACCESS EXCLUSIVE lock: every read and write of the table waits for the whole rewrite, which also needs room for a second copy. pg_repack rewrites the table online instead.';
  if (/^CLUSTER\b/.test(s)) return 'CLUSTER takes an ACCESS EXCLUSIVE lock: every read and write of the table waits for the whole rewrite.';
  if (/^REINDEX\b/.test(s) && !/\bCONCURRENTLY\b/.test(s)) return 'REINDEX without CONCURRENTLY blocks every write to the table, and reads that would use the index, until it ends.';
  // Autovacuum storage parameters take SHARE UPDATE EXCLUSIVE: reads and writes go on.
  const params = /^ALTER TABLE\b[^(]*\bSET \(([^)]*)\)$/.exec(s.replace(/;$/, ''));
  if (params && params[1]!.split(',').every((p) => /^\s*AUTOVACUUM_[A-Z_]+\s*=/.test(p))) return undefined;
  if (/^ALTER TABLE\b/.test(s)) return 'ALTER TABLE takes an exclusive lock on the table (ACCESS EXCLUSIVE for most forms): queries on it wait, and some forms rewrite it.';
  if (/^LOCK\b/.test(s)) return 'LOCK holds an exclusive lock on the table until the transaction ends.';
  if (/^DROP INDEX\b/.test(s) && !/\bCONCURRENTLY\b/.test(s)) return 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table.';
  return undefined;
}

/**
 * Why a maintenance fix must not run on this server, or undefined. Before 13.7 and 14.3
 * (CVE-2022-1552) VACUUM, ANALYZE, CLUSTER, CREATE INDEX and REINDEX evaluated a table owner's
 * index expressions and predicates with the caller's rights: any table owner could make such a
 * fix run their function as pgwarden's role.
 */
export function maintenanceRisk(sql: string, versionNum: number | undefined): string | undefined {
  if (!/^\s*(VACUUM|ANALYZE|ANALYSE|CLUSTER|REINDEX|CREATE\s+(UNIQUE\s+)?INDEX)\b/i.test(sql)) return undefined;
  const v = versionNum ?? 0;
  const unpatched = v < 130007 || (v >= 140000 && v < 140003);
  if (!unpatched) return undefined;
  return "this server's minor release runs table owners' index functions with the caller's rights during VACUUM, ANALYZE and index builds (CVE-2022-1552, fixed in 13.7 and 14.3): pgwarden does not run it; y copies the SQL";
}

/** PostgreSQL refuses these inside a transaction block. */
export function needsNoTransaction(sql: string): boolean {
  const s = sql.replace(/\s+/g, ' ').trim().toUpperCase();
  return /^VACUUM\b/.test(s) || /^ALTER SYSTEM\b/.test(s) || /^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\b/.test(s) || /^REINDEX\b.*\bCONCURRENTLY\b/.test(s);
}

/** A placeholder the evidence could not fill, to be asked for. */
export interface Placeholder {
  /** As written between the angle brackets: `app_role`, `fk columns`. */
  name: string;
  /** A comma-separated list of names (`<fk columns>`): each is quoted on its own. */
  list: boolean;
  /** Written inside single quotes (`'<slot>'`): a string literal, not an identifier. */
  literal: boolean;
}

/** What x on a step leads to. */
export type FixStart =
  | ({ kind: 'sql' } & FixPlan)
  /** pg_cancel_backend / pg_terminate_backend(<pid>): pick the backend from the evidence, signal it through the backend actions. */
  | { kind: 'signal'; verb: 'cancel' | 'terminate' }
  /** Values to ask for, in order, before the statement can be shown. */
  | { kind: 'ask'; template: string; placeholders: Placeholder[] }
  | { error: string };

const PLACEHOLDER = /<([a-z][a-z0-9_]*(?: [a-z0-9_]+)*)>/g;
const SIGNAL = /^SELECT\s+pg_(cancel|terminate)_backend\s*\(\s*<pid>\s*\)$/i;

/**
 * The statement to run for a step, or what is missing: comments dropped, `<schema>.<table>`
 * style placeholders filled from the first evidence row, exactly one statement. A signal to a
 * `<pid>` is not run as SQL: it goes through the backend actions, which check that the pid still
 * belongs to the backend the check saw and write the audit log.
 */
export function planFix(sql: string, evidence: Evidence | undefined): FixStart {
  let text = strip(sql);
  const row = evidence?.rows[0];
  text = text.replace(/(?:<schema>\.)?<([a-z_]+)>/g, (whole, name: string) => {
    const col = COLUMN[name];
    const i = col && evidence ? evidence.columns.indexOf(col) : -1;
    const value = i >= 0 ? row?.[i] : undefined;
    if (value === undefined || !PLAIN.test(value)) return whole;
    // A string literal ('<slot>'): PLAIN leaves no quote or backslash that could end it.
    if (!(name in IDENT)) return whole.startsWith('<schema>') || !value.includes('.') ? value : whole;
    if (!whole.startsWith('<schema>')) return value.includes('.') ? whole : quoteIdent(value);
    // Always schema-qualified and quoted: an unqualified name would be looked up through the
    // action session's search_path, where another schema's object of the same name could answer.
    // The evidence leaves out "public." (qname); PLAIN names hold no dot of their own.
    const [schema, rel] = value.includes('.') ? value.split('.') : ['public', value];
    return `${quoteIdent(schema!)}.${quoteIdent(rel!)}`;
  });
  const statements = text.split(';').map((x) => x.trim()).filter(Boolean);
  if (statements.length === 0) return { error: 'the suggested SQL is only a comment: nothing to run' };
  if (statements.length > 1) return { error: 'the suggestion has more than one statement: copy it (y) and run it by hand' };
  const one = statements[0]!;
  const signal = SIGNAL.exec(one);
  if (signal) return { kind: 'signal', verb: signal[1]!.toLowerCase() as 'cancel' | 'terminate' };
  if (one.includes('<pid>')) return { error: '<pid> is only filled in for pg_cancel_backend / pg_terminate_backend: copy the SQL (y) and run it by hand' };
  const placeholders: Placeholder[] = [];
  for (const m of one.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (placeholders.some((p) => p.name === name)) continue;
    const at = m.index!;
    placeholders.push({ name, list: / columns$|^columns$/.test(name), literal: one[at - 1] === "'" && one[at + m[0].length] === "'" });
  }
  if (placeholders.length > 0) return { kind: 'ask', template: one, placeholders };
  return { kind: 'sql', ...statementPlan(one) };
}

function statementPlan(one: string): FixPlan {
  return { sql: `${one};`, warning: lockWarning(one), transaction: !needsNoTransaction(one) };
}

/** PostgreSQL cuts longer names to this many bytes (NAMEDATALEN - 1): the statement would name another object. */
const MAX_NAME_BYTES = 63;

/**
 * A string literal as PostgreSQL's quote_literal() writes it: quotes doubled, and the E'' form
 * with doubled backslashes when there is a backslash, so it reads the same whatever
 * standard_conforming_strings says.
 */
export function quoteLiteral(value: string): string {
  const q = `'${value.replace(/'/g, "''")}'`;
  return value.includes('\\') ? `E${q.replace(/\\/g, '\\\\')}` : q;
}

/** One value for a placeholder, quoted; or why it cannot be used. */
export function quoteValue(p: Placeholder, raw: string): { text: string } | { error: string } {
  const value = raw.trim();
  if (value === '') return { error: `no value for <${p.name}>` };
  if (value.includes('\0')) return { error: `<${p.name}>: a NUL character cannot be part of a name` };
  if (p.literal) return { text: quoteLiteral(value) };
  const names = p.list ? value.split(',').map((x) => x.trim()) : [value];
  if (names.some((n) => n === '')) return { error: `<${p.name}>: an empty name in the list` };
  const long = names.find((n) => Buffer.byteLength(n, 'utf8') > MAX_NAME_BYTES);
  if (long !== undefined) return { error: `<${p.name}>: "${long}" is longer than ${MAX_NAME_BYTES} bytes, PostgreSQL would cut it to another name` };
  return { text: names.map(quoteIdent).join(', ') };
}

/**
 * The statement with every asked placeholder replaced by its value, quoted as an identifier
 * (exactly the name typed, case kept) or, inside quotes, as a string literal.
 */
export function fillPlaceholders(template: string, placeholders: readonly Placeholder[], values: Readonly<Record<string, string>>): FixPlan | { error: string } {
  let text = template;
  for (const p of placeholders) {
    const q = quoteValue(p, values[p.name] ?? '');
    if ('error' in q) return q;
    text = p.literal ? text.split(`'<${p.name}>'`).join(q.text) : text.split(`<${p.name}>`).join(q.text);
  }
  return statementPlan(text);
}

/**
 * What a placeholder's prompt opens with: the value of the evidence column of the same name in
 * the first row (`<fk columns>` → `columns`, a role → `user`), or nothing. The operator still
 * reads and confirms it.
 */
export function suggestValue(p: Placeholder, evidence: Evidence | undefined): string {
  if (!evidence) return '';
  const names = [p.name, p.name.replace(/^fk /, ''), ...(p.name.endsWith('role') ? ['user'] : [])];
  for (const n of names) {
    const i = evidence.columns.indexOf(n);
    const v = i >= 0 ? evidence.rows[0]?.[i] : undefined;
    // A qualified `schema.table` is not the value of one name.
    if (v && !(COLUMN[p.name] && v.includes('.'))) return v;
  }
  return '';
}
