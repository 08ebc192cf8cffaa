/**
 * The checklist session behind screen 6: which checklist is open, the session record (resumed
 * from the server's state file), and the checks running. The controller does the file and
 * database I/O; what it knows lives in the App's store (a slice, AppState.checklist), so the
 * screen renders from the one store. Created by whoever creates the store and injected.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadChecklists, userChecklistDir } from './load';
import { renderReport } from './report';
import { runSteps, type RunQuery } from './run';
import type { OneOff } from './userSql';
import { finishSession, markStep, recordFix, recordResult, startSession } from './session';
import { history, readState, resumable, statePath, upsertSession, writeState, type Mark, type SessionRecord } from './state';
import { fillPlaceholders, quoteValue, suggestValue, type FixPlan, type Placeholder } from './fix';
import type { ChecklistDef } from './types';
import type { Capabilities } from '../data/server';

/** pg_cancel_backend or pg_terminate_backend, as a fix offers them. */
export type SignalVerb = 'cancel' | 'terminate';

/** What the checklist screen needs from the running monitor (set once at start by the CLI). */
export interface ChecklistRuntime {
  /** The read-only polling session's query: checks never write. */
  query: RunQuery;
  caps(): Promise<Capabilities>;
  ownPids(): number[];
  /** A connection of its own for the checks a user defined by SQL. */
  oneOff?: OneOff;
  serverKey: string;
  server: string;
  operator: string;
  env: NodeJS.ProcessEnv;
  home: string;
}

export interface ControllerState {
  mode: 'pick' | 'steps';
  defs: ChecklistDef[];
  /** Problems in the user's checklist files, shown in the picker. */
  loadErrors: string[];
  def?: ChecklistDef;
  session?: SessionRecord;
  previous?: SessionRecord;
  /** Earlier finished sessions of the checklist, oldest first (growth and connection trends). */
  history?: SessionRecord[];
  /** Step ids whose check is running. */
  running: string[];
  message?: string;
  /** Choosing which of a step's sessions a cancel / terminate fix acts on. */
  picker?: BackendPicker;
  /** A line being typed (a note, a value for a fix's placeholder) in the screen's prompt. */
  prompt?: TextPrompt;
}

/** The sessions a step's check found, to pick the one a signal goes to. */
export interface BackendPicker {
  stepId: string;
  verb: SignalVerb;
  cursor: number;
}

/** What the prompt is typing: a step's note (with the mark it goes with), or a fix's missing value. */
export type TextPrompt =
  | { purpose: 'note'; stepId: string; mark?: Mark }
  | { purpose: 'value'; stepId: string; template: string; placeholders: Placeholder[]; values: Record<string, string>; index: number };

/** Before any checklist is loaded. */
export const INITIAL_CHECKLIST: ControllerState = { mode: 'pick', defs: [], loadErrors: [], running: [] };

/** Where the session state lives: the App's store (state/store.ts), or any holder in a test. */
export interface ChecklistSlice {
  get(): ControllerState;
  set(patch: Partial<ControllerState>): void;
}

/** A slice of its own, for a controller used without the App (tests, scripts). */
export function localSlice(): ChecklistSlice {
  let s = INITIAL_CHECKLIST;
  return { get: () => s, set: (patch) => void (s = { ...s, ...patch }) };
}

export class ChecklistController {
  private loaded = false;
  private saving: Promise<void> = Promise.resolve();
  private saveError: Error | undefined;

  constructor(
    private runtime: ChecklistRuntime | undefined,
    private slice: ChecklistSlice = localSlice(),
    private clock: () => Date = () => new Date(),
  ) {}

  get = (): ControllerState => this.slice.get();

  private get s(): ControllerState {
    return this.slice.get();
  }

  private set(patch: Partial<ControllerState>): void {
    this.slice.set(patch);
  }

  /** Loads the built-in and the user's checklists, once. */
  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const dir = this.runtime ? userChecklistDir(this.runtime.env, this.runtime.home) : '/nonexistent';
    const r = await loadChecklists(dir);
    this.set({ defs: r.checklists, loadErrors: r.errors });
  }

  /**
   * Opens a checklist: resumes its unfinished session on this server, or starts one. A headless
   * run (`fresh`) always starts one: a cron job does not take over an operator's open session.
   */
  async open(id: string, opts: { fresh?: boolean } = {}): Promise<void> {
    const def = this.s.defs.find((d) => d.id === id);
    if (!def) return;
    const operator = this.runtime?.operator ?? 'unknown';
    let session = startSession(def, operator, this.clock());
    let past: SessionRecord[] = [];
    let message = 'new session';
    if (this.runtime) {
      try {
        const st = await readState(this.statePath(), this.runtime.serverKey);
        const old = opts.fresh ? undefined : resumable(st, def.id);
        if (old) {
          session = old;
          message = `resumed the session of ${old.startedAt}`;
        }
        past = history(st, def.id, session);
      } catch (err) {
        message = `state not read: ${(err as Error).message}`;
      }
    }
    this.set({ mode: 'steps', def, session, previous: past.at(-1), history: past, message });
  }

  back(): void {
    this.set({ mode: 'pick', message: undefined, picker: undefined, prompt: undefined });
  }

  /** pgwarden's own backends: never offered as targets. */
  ownPids(): number[] {
    return this.runtime?.ownPids() ?? [];
  }

  /** Opens the session picker of a step whose fix signals a backend. */
  pick(stepId: string, verb: SignalVerb): void {
    this.set({ picker: { stepId, verb, cursor: 0 } });
  }

  /** Moves the picker's cursor (clamped to the sessions the step recorded). */
  movePick(delta: number | 'top' | 'bottom'): void {
    const p = this.s.picker;
    const n = p ? (this.s.session?.steps[p.stepId]?.backends?.length ?? 0) : 0;
    if (!p || n === 0) return;
    const cursor = delta === 'top' ? 0 : delta === 'bottom' ? n - 1 : Math.max(0, Math.min(n - 1, p.cursor + delta));
    this.set({ picker: { ...p, cursor } });
  }

  /** Terminate ⇄ cancel (only the running query). */
  toggleVerb(): void {
    const p = this.s.picker;
    if (p) this.set({ picker: { ...p, verb: p.verb === 'terminate' ? 'cancel' : 'terminate' } });
  }

  closePicker(): void {
    if (this.s.picker) this.set({ picker: undefined });
  }

  /** Starts the note prompt of a step (its title names the step's mark); returns the text it opens with: the step's note. */
  askNote(stepId: string): string {
    this.set({ prompt: { purpose: 'note', stepId, mark: this.s.session?.steps[stepId]?.mark } });
    return this.s.session?.steps[stepId]?.note ?? '';
  }

  /** Starts asking for the placeholders of a step's fix, one at a time. */
  askValues(stepId: string, template: string, placeholders: Placeholder[]): string {
    this.set({ prompt: { purpose: 'value', stepId, template, placeholders, values: {}, index: 0 } });
    return this.suggestion(stepId, placeholders[0]!);
  }

  private suggestion(stepId: string, p: Placeholder): string {
    return suggestValue(p, this.s.session?.steps[stepId]?.evidence);
  }

  /**
   * The prompt closed with `text` (Enter), or was cancelled (undefined: nothing changes). An empty
   * note removes the note; an empty value runs nothing. Returns the text the next prompt opens
   * with when there is another value to ask for, or the fix to confirm once all are given.
   */
  answer(text: string | undefined): { next: string } | { fix: FixPlan; stepId: string } | undefined {
    const p = this.s.prompt;
    if (!p) return undefined;
    this.set({ prompt: undefined });
    if (text === undefined) return void this.set({ message: p.purpose === 'note' ? 'note unchanged' : 'nothing was run' });
    if (p.purpose === 'note') {
      const had = Boolean(this.s.session?.steps[p.stepId]?.note);
      this.note(p.stepId, text.trim());
      return void this.set({ message: text.trim() ? 'note saved' : had ? 'note removed' : 'no note' });
    }
    if (text.trim() === '') return void this.set({ message: 'no value given: nothing was run' });
    const ph = p.placeholders[p.index]!;
    const q = quoteValue(ph, text);
    if ('error' in q) return void this.set({ message: `${q.error}: nothing was run` });
    const values = { ...p.values, [ph.name]: text };
    if (p.index + 1 < p.placeholders.length) {
      this.set({ prompt: { ...p, values, index: p.index + 1 }, message: undefined });
      return { next: this.suggestion(p.stepId, p.placeholders[p.index + 1]!) };
    }
    const plan = fillPlaceholders(p.template, p.placeholders, values);
    if ('error' in plan) return void this.set({ message: `${plan.error}: nothing was run` });
    this.set({ message: undefined });
    return { fix: plan, stepId: p.stepId };
  }

  /** Keeps a confirmed fix's statement and outcome on its step, in the saved session. */
  fixRan(stepId: string, sql: string, result: string): void {
    if (!this.s.session) return;
    this.set({ session: recordFix(this.s.session, stepId, { sql, at: this.clock().toISOString(), result }) });
    this.save();
  }

  /**
   * Runs the checks of the given steps (all automatic steps when none given). A failure is the
   * screen's message; a headless run (`rethrow`) fails with it instead.
   */
  async run(stepIds?: string[], opts: { rethrow?: boolean } = {}): Promise<void> {
    const { def } = this.s;
    if (!def || !this.s.session) return;
    const steps = def.steps.filter((st) => st.check && (!stepIds || stepIds.includes(st.id)));
    if (steps.length === 0) return this.set({ message: 'this step is manual: nothing to check' });
    if (!this.runtime) return this.set({ message: 'checks need a connection' });
    this.set({ running: steps.map((st) => st.id), message: `checking ${steps.length} step${steps.length > 1 ? 's' : ''}…` });
    try {
      const rt = this.runtime;
      const results = await runSteps({ query: rt.query, caps: await rt.caps(), ownPids: rt.ownPids(), history: this.s.history, session: this.s.session, ...(rt.oneOff ? { oneOff: rt.oneOff } : {}) }, steps);
      let session = this.s.session!;
      for (const [id, r] of results) session = recordResult(session, id, r, this.clock());
      this.set({ session, running: [], message: undefined });
      this.save();
    } catch (err) {
      this.set({ running: [], message: `checks failed: ${(err as Error).message}` });
      if (opts.rethrow) throw err;
    }
  }

  mark(stepId: string, mark: Mark | undefined, note?: string): void {
    if (!this.s.session) return;
    const cur = this.s.session.steps[stepId]?.mark;
    // Pressing the same mark again clears it.
    this.set({ session: markStep(this.s.session, stepId, note === undefined && cur === mark ? undefined : mark, note, this.clock()) });
    this.save();
    // A manual step's check judges its mark: judged again at once.
    if (this.s.def?.steps.find((st) => st.id === stepId)?.check?.id === 'attested' && this.runtime) void this.run([stepId]);
  }

  note(stepId: string, text: string): void {
    if (!this.s.session) return;
    this.set({ session: markStep(this.s.session, stepId, this.s.session.steps[stepId]?.mark, text) });
    this.save();
    if (this.s.def?.steps.find((st) => st.id === stepId)?.check?.id === 'attested' && this.runtime) void this.run([stepId]);
  }

  /**
   * Ends the session and writes its report (next to the state file unless `reportFile` says where);
   * returns the report's path.
   */
  async finish(reportFile?: string): Promise<string | undefined> {
    const { def, session } = this.s;
    if (!def || !session) return undefined;
    const done = finishSession(session, this.clock());
    this.set({ session: done });
    this.save();
    if (!this.runtime) return undefined;
    const file = reportFile ?? join(dirname(this.statePath()), 'reports', `${def.id}-${done.startedAt.replace(/[:.]/g, '-')}.md`);
    await this.saving;
    if (!reportFile) await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const { version } = await this.runtime.caps();
    // 0600 like every file pgwarden writes: a report quotes queries and names from the server.
    await writeFile(file, renderReport({ def, session: done, previous: this.s.previous, server: this.runtime.server, version }), { mode: 0o600 });
    this.set({ message: `report written to ${file}` });
    return file;
  }

  private statePath(): string {
    const rt = this.runtime!;
    return statePath(rt.env, rt.home, rt.serverKey);
  }

  /** Resolves once every save queued so far is written (before exiting, or removing the state's directory). */
  settled(): Promise<void> {
    return this.saving;
  }

  /** As settled(), but rejects when a save failed (a headless run must not report success then). */
  async saved(): Promise<void> {
    await this.saving;
    if (this.saveError) throw this.saveError;
  }

  /** Saves after every change, one write at a time, re-reading so another pgwarden's sessions survive. */
  private save(): void {
    const rt = this.runtime;
    const session = this.s.session;
    if (!rt || !session) return;
    this.saving = this.saving.then(async () => {
      try {
        const st = await readState(this.statePath(), rt.serverKey);
        await writeState(this.statePath(), upsertSession(st, session));
      } catch (err) {
        this.saveError = err as Error;
        this.set({ message: `not saved: ${(err as Error).message}` });
      }
    });
  }
}
