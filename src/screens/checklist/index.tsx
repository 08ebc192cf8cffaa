/**
 * Screen 6: guided checklists. Pick a checklist, step through it, run each step's check, read the
 * evidence, mark the step done / skipped / needs follow-up with a note, jump to the pane that
 * answers it. Remediation SQL is shown and copied (OSC 52); x runs it on the action session, only
 * after a confirmation that shows the exact statement and what it locks. Values the evidence
 * cannot give are asked for and quoted; a cancel / terminate of a `<pid>` is not run as SQL but
 * offered on the sessions the check found and sent through the backend actions (identity check,
 * confirmation, audit log).
 */
import React from 'react';
import { COMMAND_IDS, COMMANDS, type CommandId } from '../../keys/commands';
import { tableCommands } from '../tableCommands';
import type { TableState } from '../../state/ui';
import type { CommandTable, ScreenContext, ScreenDef } from '../types';
import { ChecklistScreen } from './ChecklistScreen';
import type { ChecklistController, ControllerState } from '../../checklists/controller';
import { maintenanceRisk, planFix, type FixPlan } from '../../checklists/fix';
import type { StepDef } from '../../checklists/types';
import { handleBackendCommand, type BackendAdapter } from '../../actions/commands';
import { jumpTarget } from './jump';
import { listRows } from './model';
import { safeLine, safeMsg, trusted, type SafeText } from '../../text/sanitize';

const TABLE = 'checklist';
/**
 * The name the checklist's text prompt goes by (a note, a value for a fix). The App's prompt
 * takes every key while it is open (so typing `q` does not quit), edits the line and keeps
 * control characters out; the checklist draws its own box around it, saying what is asked, and
 * reads the answer (Enter, possibly empty, or Esc) when the prompt closes.
 */
export const PROMPT_TABLE = 'checklist.prompt';
const INITIAL: TableState = { sortColumn: '', desc: false, filter: '', selected: null };

const rowKeys = (s: ControllerState): string[] => listRows(s).map((r) => r.key);
const selectedOf = (ctx: ScreenContext): string | null => ctx.state.ui.tables[TABLE]?.selected ?? null;

/**
 * Puts the cursor on the first row of what the controller shows now (a checklist just opened, the
 * list just returned to). Done in the same turn as the change, before any key is read: a key that
 * arrived between the frame and an effect found no row under the cursor and was lost.
 */
function cursorToFirst(ctx: ScreenContext, c: ChecklistController): void {
  const first = rowKeys(c.get())[0];
  if (first !== undefined) ctx.store.dispatch({ type: 'select', table: TABLE, key: first, initial: INITIAL });
}

/** Opens the text prompt holding `text` (the note being edited, a suggested value). */
function openPrompt(ctx: ScreenContext, text: string): void {
  const asking = ctx.checklists.get().prompt;
  const label = asking?.purpose === 'value' ? safeMsg`<${asking.placeholders[asking.index]?.name ?? 'value'}>: ` : trusted('note: ');
  // The line is shown as it is (the footer echoes it too): a note from a hand-edited state file
  // or a name from the server passes the boundary here, as typed text does in the App.
  ctx.store.dispatch({ type: 'prompt.open', table: PROMPT_TABLE, label, value: text ? safeLine(text) : '' });
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const c = ctx.checklists;
  // The session is a slice of the App's store: this render already has it.
  const state = ctx.state.checklist;
  const selected = selectedOf(ctx);
  const keys = rowKeys(state);
  React.useEffect(() => void c.load(), [c]);
  React.useEffect(() => {
    if (keys.length && (selected === null || !keys.includes(selected))) ctx.store.dispatch({ type: 'select', table: TABLE, key: keys[0]!, initial: INITIAL });
  }, [keys.join('\n'), selected, ctx.store]);
  // The prompt closed: its answer says whether Enter (with the text, possibly empty) or Esc closed it.
  const top = ctx.state.ui.modals[0];
  const prompting = top?.kind === 'prompt' && top.table === PROMPT_TABLE;
  const answer = ctx.state.ui.answer;
  React.useEffect(() => {
    if (prompting || !state.prompt || answer?.table !== PROMPT_TABLE) return;
    const next = c.answer(answer.submitted ? answer.text : undefined);
    if (next && 'next' in next) openPrompt(ctx, next.next);
    else if (next) askFix(ctx, next.stepId, next.fix);
  }, [prompting, state.prompt, answer?.seq]);
  return (
    <ChecklistScreen
      state={state}
      selected={selected}
      width={ctx.width}
      height={ctx.height}
      nowS={ctx.nowMs / 1000}
      {...(prompting && state.prompt ? { promptValue: top.value } : {})}
    />
  );
}

/** The picked session goes through the backend actions: the confirmation, the identity check, the audit log. */
function signalPicked(ctx: ScreenContext, c: ChecklistController): void {
  const p = c.get().picker;
  const ref = p ? c.get().session?.steps[p.stepId]?.backends?.[p.cursor] : undefined;
  c.closePicker();
  if (!p || !ref) return;
  const key = `${ref.pid}:${ref.backendStart ?? ''}`;
  const adapter: BackendAdapter = {
    screen: TABLE,
    selected: () => key,
    target: () => ({ ...ref, listed: true, behind: null }),
    next: () => undefined,
    ownPids: () => c.ownPids(),
  };
  handleBackendCommand(p.verb === 'cancel' ? 'backend.cancel' : 'backend.terminate', ctx, adapter);
}

/** Shows a fix in the App's one confirmation: nothing runs until the operator presses y. */
function askFix(ctx: ScreenContext, stepId: string, fix: FixPlan): void {
  ctx.store.dispatch({ type: 'open.confirm', request: { kind: 'fix', stepId, sql: fix.sql, ...(fix.warning ? { warning: fix.warning } : {}), transaction: fix.transaction, screen: TABLE } });
}

/** x on a step: its SQL confirmed, its missing values asked for, or its sessions offered for a signal. */
function startFix(ctx: ScreenContext, c: ChecklistController, step: StepDef, toast: (text: SafeText) => void): void {
  if (ctx.readOnly || !ctx.effects.execute) return toast(trusted('read-only: fixes are not run (--read-only / PGWARDEN_READ_ONLY); y copies the SQL'));
  if (!step.remediation?.sql) return toast(trusted('this step has no remediation SQL'));
  const rec = c.get().session?.steps[step.id];
  const plan = planFix(step.remediation.sql, rec?.evidence);
  if ('error' in plan) return toast(safeLine(plan.error));
  const risk = plan.kind === 'sql' || plan.kind === 'ask' ? maintenanceRisk(plan.kind === 'sql' ? plan.sql : plan.template, ctx.state.caps?.versionNum) : undefined;
  if (risk) return toast(safeLine(risk));
  if (plan.kind === 'sql') return askFix(ctx, step.id, plan);
  if (plan.kind === 'ask') return openPrompt(ctx, c.askValues(step.id, plan.template, plan.placeholders));
  if (!rec?.outcome) return toast(trusted('run the check first (r): its sessions are the ones offered'));
  if (!rec.backends?.length) return toast(trusted(rec.evidence?.rows.length ? 'the sessions were not recorded by this run: check again (r)' : 'the check found no session to act on'));
  if (!ctx.effects.act) return toast(trusted('read-only: nothing is signalled'));
  c.pick(step.id, plan.verb);
}

/** Carries out a checklist command; true when the session picker took it, or the command is the checklist's own. */
function carryOut(id: CommandId, ctx: ScreenContext): boolean {
  const c = ctx.checklists;
  const s = c.get();
  const sel = selectedOf(ctx);
  const step = s.def?.steps.find((x) => x.id === sel);
  const toast = (text: SafeText) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });
  // The session picker takes the moves, Enter, x (terminate ⇄ cancel) and Esc; nothing else.
  if (s.picker) {
    if (id === 'nav.up' || id === 'nav.down') c.movePick(id === 'nav.up' ? -1 : 1);
    else if (id === 'nav.pageUp' || id === 'nav.pageDown') c.movePick(id === 'nav.pageUp' ? -10 : 10);
    else if (id === 'nav.top' || id === 'nav.bottom') c.movePick(id === 'nav.top' ? 'top' : 'bottom');
    else if (id === 'checklist.execute') c.toggleVerb();
    else if (id === 'checklist.open') signalPicked(ctx, c);
    else if (id === 'checklist.back') c.closePicker();
    return true;
  }
  switch (id) {
    case 'checklist.execute':
      if (step) startFix(ctx, c, step, toast);
      return true;
    case 'checklist.open':
      if (s.mode === 'pick') {
        if (sel) void c.open(sel).then(() => cursorToFirst(ctx, c));
        return true;
      }
      const target = step ? jumpTarget(step, s.session?.steps[step.id]) : undefined;
      if (target) {
        const { screen, filter } = target;
        ctx.store.dispatch({ type: 'screen', id: screen });
        // The pane opens filtered as if the operator had typed the filter (the table is the pane's).
        if (filter !== undefined) ctx.store.dispatch({ type: 'filter.set', table: screen, value: filter });
      } else toast(trusted('this step has no pane to open'));
      return true;
    case 'checklist.back':
      if (s.mode === 'steps') {
        c.back();
        cursorToFirst(ctx, c);
      }
      return true;
    case 'checklist.run':
      if (step) void c.run([step.id]);
      return true;
    case 'checklist.runAll':
      if (s.mode === 'steps') void c.run();
      return true;
    case 'checklist.done':
    case 'checklist.skip':
      if (step) c.mark(step.id, id === 'checklist.done' ? 'done' : 'skipped');
      return true;
    case 'checklist.followUp':
      if (!step) return true;
      c.mark(step.id, 'follow-up');
      // A follow-up says what is to follow: the note prompt opens at once (Esc: the mark stays, without a note).
      if (c.get().session?.steps[step.id]?.mark === 'follow-up') openPrompt(ctx, c.askNote(step.id));
      return true;
    case 'checklist.note':
      if (step && s.mode === 'steps') openPrompt(ctx, c.askNote(step.id));
      return true;
    case 'checklist.copy':
      if (step?.remediation?.sql) toast(ctx.effects.copy(step.remediation.sql));
      else if (step) toast(trusted('this step has no remediation SQL'));
      return true;
    case 'checklist.finish':
      if (s.mode === 'steps') void c.finish().then((file) => toast(file ? safeMsg`report: ${file}` : trusted('session finished (not saved: no connection)')));
      return true;
    default:
      return false;
  }
}

const CHECKLIST_TABLE = { id: TABLE, initial: INITIAL, sortColumns: [] };
const NAV = ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom'] as const satisfies readonly CommandId[];
const OWN = COMMAND_IDS.filter((id) => COMMANDS[id].scope === 'checklist');
const table = tableCommands({ table: () => CHECKLIST_TABLE, rowKeys: (ctx) => rowKeys(ctx.state.checklist), pageSize: (ctx) => ctx.height - 3 });

/**
 * The checklist's commands. The session picker takes the moves and the checklist's keys first
 * (carryOut); otherwise the moves go to the list of steps.
 */
const COMMANDS_OF_CHECKLIST: CommandTable = {
  ...Object.fromEntries(NAV.map((id) => [id, { run: (ctx: ScreenContext) => void (carryOut(id, ctx) || table[id]!.run(ctx)) }])),
  ...Object.fromEntries(OWN.map((id) => [id, { run: (ctx: ScreenContext) => void carryOut(id, ctx) }])),
};

export const checklistScreen: ScreenDef = {
  id: 'checklist',
  title: 'Checklists',
  command: 'screen.checklist',
  collectors: [],
  table: { id: TABLE, initial: INITIAL, sortColumns: [] },
  rowKeys: (ctx) => rowKeys(ctx.state.checklist),
  commands: COMMANDS_OF_CHECKLIST,
  Component: Screen,
};
