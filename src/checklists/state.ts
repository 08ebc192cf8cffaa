/**
 * What the operator did, per server: one JSON file per serverKey under
 * `$XDG_STATE_HOME/pgwarden/checklists/`, named by a hash (the key holds host names and paths).
 * Each checklist session keeps its steps' outcomes, findings, marks and notes, so an unfinished
 * session can be resumed and next week's run can say what is new, resolved or still there.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isReadingKey } from './reading';
import type { BackendRef, Evidence, Metrics, Outcome, Unseen } from './types';

export type Mark = 'done' | 'skipped' | 'follow-up';

export interface StepRecord {
  outcome?: Outcome;
  summary?: string;
  evidence?: Evidence;
  findings: string[];
  mark?: Mark;
  /** ISO time of the mark (a manual step's answer is dated by it). */
  markedAt?: string;
  note?: string;
  /** ISO time the check ran. */
  checkedAt?: string;
  /** Figures for next week's trajectory (sizes, WAL position, connections). */
  metrics?: Metrics;
  /** The backends behind the evidence rows, for fixes that act on a session. */
  backends?: BackendRef[];
  /** What the check could not read, and the grant that would show it. */
  unseen?: Unseen[];
  /** Fixes the operator confirmed and pgwarden ran on this step, oldest first. */
  fixes?: FixRecord[];
}

/** A confirmed fix as it ran: the statement, when, and how it ended (`done (3 rows)`, `failed: …`). */
export interface FixRecord {
  sql: string;
  at: string;
  result: string;
}

export interface SessionRecord {
  checklist: string;
  startedAt: string;
  finishedAt?: string;
  operator: string;
  steps: Record<string, StepRecord>;
}

export interface ServerState {
  version: 1;
  serverKey: string;
  /** Oldest first; capped at {@link KEEP_SESSIONS}. */
  sessions: SessionRecord[];
}

/** About a year of weekly sessions plus some incidents. */
export const KEEP_SESSIONS = 100;

/** The state file of a server. A relative XDG_STATE_HOME is invalid per the XDG spec and ignored. */
export function statePath(env: NodeJS.ProcessEnv, home: string, serverKey: string): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state');
  const hash = createHash('sha256').update(serverKey).digest('hex').slice(0, 24);
  return join(base, 'pgwarden', 'checklists', `${hash}.json`);
}

/** Reads a server's state; a missing file is an empty state, a damaged one an error naming the file. */
export async function readState(path: string, serverKey: string): Promise<ServerState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, serverKey, sessions: [] };
    throw e;
  }
  const parsed = JSON.parse(text) as ServerState;
  if (parsed?.version !== 1 || !Array.isArray(parsed.sessions)) throw new Error(`${path}: not a pgwarden checklist state file (version 1)`);
  return parsed;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file; 0600 (notes may name things). */
export async function writeState(path: string, state: ServerState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  const kept = { ...state, sessions: pruneReadings(state.sessions.slice(-KEEP_SESSIONS)) };
  await writeFile(tmp, JSON.stringify(kept, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
}

/** Sessions of a checklist that keep their counter readings: the latest, and the one before in case the latest is unfinished. */
export const KEEP_READINGS = 2;

/**
 * Counter readings (see ../reading.ts) are compared with the next session only; older sessions
 * drop them, so a year of weekly sessions does not carry a year of per-statement counters.
 */
export function pruneReadings(sessions: readonly SessionRecord[]): SessionRecord[] {
  const keep = new Set<SessionRecord>();
  const byList = new Map<string, SessionRecord[]>();
  for (const s of sessions) byList.set(s.checklist, [...(byList.get(s.checklist) ?? []), s]);
  for (const list of byList.values()) for (const s of list.slice(-KEEP_READINGS)) keep.add(s);
  return sessions.map((s) => {
    if (keep.has(s)) return s;
    const steps = Object.fromEntries(
      Object.entries(s.steps).map(([id, r]) => {
        if (!r.metrics || !Object.keys(r.metrics).some(isReadingKey)) return [id, r];
        return [id, { ...r, metrics: Object.fromEntries(Object.entries(r.metrics).filter(([k]) => !isReadingKey(k))) }];
      }),
    );
    return { ...s, steps };
  });
}

/** The latest unfinished session of a checklist, to resume. */
export function resumable(state: ServerState, checklist: string): SessionRecord | undefined {
  const last = [...state.sessions].reverse().find((s) => s.checklist === checklist);
  return last && !last.finishedAt ? last : undefined;
}

/** The latest finished session of a checklist that started before `current` (last week's). */
export function previous(state: ServerState, checklist: string, current?: SessionRecord): SessionRecord | undefined {
  return history(state, checklist, current).at(-1);
}

/**
 * The finished sessions of a checklist that started before `current`, oldest first: the history
 * a trajectory (sizes, WAL, connections) is computed from.
 */
export function history(state: ServerState, checklist: string, current?: SessionRecord): SessionRecord[] {
  return state.sessions.filter((s) => s.checklist === checklist && s !== current && s.finishedAt !== undefined && (!current || s.startedAt < current.startedAt));
}

/** Replaces `session` (same checklist and start) or appends it. */
export function upsertSession(state: ServerState, session: SessionRecord): ServerState {
  const i = state.sessions.findIndex((s) => s.checklist === session.checklist && s.startedAt === session.startedAt);
  const sessions = [...state.sessions];
  if (i >= 0) sessions[i] = session;
  else sessions.push(session);
  return { ...state, sessions };
}

export interface Change {
  added: string[];
  resolved: string[];
  still: string[];
  /** Found last time and not this time because the check could not read them: not resolved. */
  unchecked: string[];
}

/** How much of its data a step's check saw this time (its outcome and {@link Unseen} parts). */
export interface Coverage {
  outcome?: Outcome;
  unseen?: readonly Unseen[];
}

/**
 * Findings of a step now against the same step last time. No previous record: everything is new.
 * A finding gone from a check that did not see everything is "unchecked", not "resolved": all of
 * them when the check is unknown without saying what it missed or missed something unnamed, else
 * those among the items it could not read.
 */
export function compareFindings(now: readonly string[], before: readonly string[] | undefined, coverage: Coverage = {}): Change {
  const prev = new Set(before ?? []);
  const cur = new Set(now);
  const gone = [...prev].filter((f) => !cur.has(f));
  const unseen = coverage.unseen ?? [];
  const blind = (coverage.outcome === 'unknown' && unseen.length === 0) || unseen.some((u) => u.items === undefined);
  const missed = new Set(unseen.flatMap((u) => u.items ?? []));
  const unchecked = blind ? gone : gone.filter((f) => missed.has(f));
  return {
    added: now.filter((f) => !prev.has(f)),
    resolved: gone.filter((f) => !unchecked.includes(f)),
    still: now.filter((f) => prev.has(f)),
    unchecked,
  };
}

/** `1 new, 0 resolved, 2 still there`, and how many findings the check could not read this time. */
export function changeCounts(ch: Change): string {
  return `${ch.added.length} new, ${ch.resolved.length} resolved, ${ch.still.length} still there${ch.unchecked.length > 0 ? `, ${ch.unchecked.length} not checked` : ''}`;
}
