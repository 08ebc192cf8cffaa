/**
 * As whom pgwarden plans (and, for EXPLAIN ANALYZE, runs) another user's statement.
 *
 * The planner evaluates IMMUTABLE functions with constant arguments (and STABLE ones while it
 * estimates), so plain EXPLAIN runs code the statement's author may have written; ANALYZE runs all
 * of it, triggers included. Planned as pgwarden's role (often a superuser), such a function could
 * write server files with lo_export or terminate other sessions. What holds, measured on the lab
 * (PostgreSQL 13 and 18, test/integration/explain-rights.test.ts):
 *
 * - `SET LOCAL ROLE author` is NOT a defence. A SECURITY INVOKER function may change the role
 *   back: `set_config('role', 'none', true)` (that is RESET ROLE) from the IMMUTABLE function
 *   itself, or `RESET ROLE` in a VOLATILE helper it calls, and the rest of its body runs as
 *   pgwarden's session user. READ ONLY stops neither lo_export nor pg_terminate_backend.
 * - A SECURITY DEFINER function owned by the author holds: inside it the server refuses every
 *   role change ("cannot set parameter "role" / "session_authorization" within security-definer
 *   function"), so the statement's code runs with the author's rights and no more. pgwarden
 *   creates such a function in its own temporary schema inside the transaction it rolls back,
 *   gives it to the author, and runs the EXPLAIN through it. (Tom Lane, pgsql-general 2014, on
 *   running untrusted code inside a SECURITY DEFINER function: it "disables both SET ROLE and SET
 *   SESSION AUTHORIZATION"; the lab tests keep checking that it does.)
 * - That needs a writable server (not a standby), PL/pgSQL, and that pgwarden may become the
 *   author (a superuser, or a member WITH SET). Otherwise pgwarden plans as itself only when that
 *   cannot run another user's code: it is the author, the author is a superuser (whose own
 *   sessions already run that code with every right), or no function in the database is owned by
 *   a non-superuser (operators, casts, domain checks, policies and triggers all call functions, so
 *   this is where user code lives). In every other case it asks, naming the risk.
 *   Residual: a function created between that count and the EXPLAIN (milliseconds) is not seen.
 * - A function may also reset statement_timeout with set_config: the timer armed when the
 *   statement started still fires (checked on the lab), so the bound holds.
 */
import { quoteIdent } from '../data/sql/ident';

/** What the server says about pgwarden's role, the author and the database (explain_rights.sql). */
export interface RightsFacts {
  self: string;
  selfSuper: boolean;
  selfTemp: boolean;
  /** The author's role as it exists now; null when unknown or dropped. */
  author: string | null;
  authorSuper: boolean;
  canSetRole: boolean;
  authorTemp: boolean;
  inRecovery: boolean;
  plpgsql: boolean;
  /** Functions in this database not owned by a superuser, and one of them as an example. */
  untrustedFunctions: number;
  example: string | null;
  /** Schemas a non-superuser can create objects in. */
  writableSchemas: string[];
}

export function rightsFacts(row: Record<string, unknown>): RightsFacts {
  const str = (v: unknown) => (v == null ? null : String(v));
  return {
    self: String(row.self),
    selfSuper: row.self_super === true,
    selfTemp: row.self_temp === true,
    author: str(row.author),
    authorSuper: row.author_super === true,
    canSetRole: row.can_set_role === true,
    authorTemp: row.author_temp === true,
    inRecovery: row.in_recovery === true,
    plpgsql: row.plpgsql === true,
    untrustedFunctions: Number(row.untrusted_functions ?? 0),
    example: str(row.example),
    writableSchemas: Array.isArray(row.writable_schemas) ? row.writable_schemas.map(String) : [],
  };
}

export type PlanAs =
  /** Through a SECURITY DEFINER function owned by the author. */
  | { as: 'author'; role: string; note: string }
  /** As pgwarden's own role: safe (see why), or accepted by the operator. */
  | { as: 'self'; note: string; accepted: boolean }
  /** Not without the operator's word: the message names the risk. */
  | { as: 'ask'; message: string };

/** Why pgwarden cannot take the author's rights, or undefined when it can. */
export function switchBlocker(requested: string | null, f: RightsFacts): string | undefined {
  if (requested === null) return 'the role that ran this statement is unknown';
  if (f.author === null) return `its role ${requested} no longer exists`;
  if (!f.selfSuper && !f.canSetRole) return `${f.self} may not SET ROLE to ${f.author}`;
  if (f.inRecovery) return 'this server is a standby, where pgwarden cannot create the temporary SECURITY DEFINER function that confines the author\'s code';
  if (!f.plpgsql) return 'PL/pgSQL is not installed in this database';
  if (!f.selfSuper && !(f.selfTemp && f.authorTemp)) return `${f.selfTemp ? f.author : f.self} lacks TEMPORARY on this database (pgwarden confines the author's code in a temporary function)`;
  return undefined;
}

/**
 * Decides as whom to plan. `asSelf`: the operator accepted planning as pgwarden's role.
 * `analyze`: the statement runs (every function it calls, and triggers), not only planned.
 */
export function decideRights(requested: string | null, f: RightsFacts, opts: { asSelf: boolean; analyze: boolean }): PlanAs {
  const verb = opts.analyze ? 'ran' : 'planned';
  if (f.author !== null && f.author === f.self) return { as: 'self', accepted: false, note: `${verb} as ${f.self}, the statement's own role` };
  if (f.author !== null && f.authorSuper) {
    return { as: 'self', accepted: false, note: `${verb} as ${f.self}: its author ${f.author} is a superuser, so nothing runs with more rights than in the author's own sessions` };
  }
  const blocker = switchBlocker(requested, f);
  if (blocker === undefined) return { as: 'author', role: f.author!, note: `${verb} with the rights of its author ${f.author} (SECURITY DEFINER, role changes refused)` };
  if (f.untrustedFunctions === 0) {
    return { as: 'self', accepted: false, note: `${verb} as ${f.self} (${blocker}): no function in this database is owned by a non-superuser, so no user's code can run` };
  }
  if (opts.asSelf) return { as: 'self', accepted: true, note: `${verb} as ${f.self} on the operator's word (${blocker})` };
  const others = `${f.untrustedFunctions} function${f.untrustedFunctions === 1 ? '' : 's'} in this database ${f.untrustedFunctions === 1 ? 'is' : 'are'} owned by other roles${f.example ? `, e.g. ${f.example}` : ''}`;
  return {
    as: 'ask',
    message:
      `Cannot ${opts.analyze ? 'run' : 'plan'} this with its author's rights: ${blocker}. ` +
      `As ${f.self}${f.selfSuper ? ' (a superuser)' : ''}, any function it calls would run with ${f.self}'s rights (${others}); ` +
      `${opts.analyze ? 'running' : 'planning'} evaluates them, and a user can make one write server files or terminate sessions. ` +
      `${opts.analyze ? 'Run' : 'Plan'} it as ${f.self} anyway?`,
  };
}

/** Splits a search_path setting into schema names ('$user' kept as is), as the server reads it. */
export function splitSearchPath(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    while (i < path.length && /[\s,]/.test(path[i]!)) i++;
    if (i >= path.length) break;
    if (path[i] === '"') {
      let name = '';
      i++;
      while (i < path.length) {
        if (path[i] === '"' && path[i + 1] === '"') (name += '"', (i += 2));
        else if (path[i] === '"') break;
        else name += path[i++];
      }
      i++;
      out.push(name);
    } else {
      let j = i;
      while (j < path.length && path[j] !== ',') j++;
      // Unquoted names are folded to lower case (SplitIdentifierString).
      out.push(path.slice(i, j).trim().toLowerCase());
      i = j;
    }
  }
  return out.filter((s) => s !== '');
}

/**
 * The search_path to plan under: pg_catalog first (so no schema can override lower() and the
 * rest of the built-ins), the author's schemas in their order, pg_temp last and explicit (left
 * out, it would be searched first for tables). "$user" is the author. With `demote` (planning as
 * pgwarden's role), schemas a non-superuser can write move behind the others: none of them may
 * shadow a name from a schema only superusers control.
 */
export function safeSearchPath(entries: readonly string[], opts: { author: string | null; demote?: readonly string[] }): { path: string; reordered: boolean } {
  const names: string[] = [];
  for (const e of entries) {
    const name = e === '$user' ? opts.author : e;
    if (name === null || name === 'pg_catalog' || name.startsWith('pg_temp') || names.includes(name)) continue;
    names.push(name);
  }
  let ordered = names;
  if (opts.demote) {
    const writable = new Set(opts.demote);
    ordered = [...names.filter((n) => !writable.has(n)), ...names.filter((n) => writable.has(n))];
  }
  return { path: ['pg_catalog', ...ordered, 'pg_temp'].map(quoteIdent).join(', '), reordered: ordered.some((n, i) => n !== names[i]) };
}

/** The temporary function the author's EXPLAIN runs in: owned by the author, SECURITY DEFINER. */
export const AS_AUTHOR_FN = 'pg_temp.pgwarden_explain_as_author';

export const AS_AUTHOR_CREATE = `CREATE FUNCTION ${AS_AUTHOR_FN}(stmt text) RETURNS SETOF json LANGUAGE plpgsql SECURITY DEFINER AS $fn$ BEGIN RETURN QUERY EXECUTE stmt; END $fn$`;

export const asAuthorOwner = (role: string): string => `ALTER FUNCTION ${AS_AUTHOR_FN}(text) OWNER TO ${quoteIdent(role)}`;
