/**
 * Screen 6: guided checklists. Pick a checklist, step through it, run each step's check, read the
 * evidence, mark the step done / skipped / needs follow-up with a note, jump to the pane that
 * answers it. Remediation SQL is shown and copied (OSC 52); x runs it on the action session, only
 * after a confirmation that shows the exact statement and what it locks.
 */
import React from 'react';
import type { CommandId } from '../../keys/commands';
import type { TableState } from '../../state/ui';
import type { ScreenContext, ScreenDef } from '../types';
import { ChecklistScreen } from './ChecklistScreen';
import { checklistController, type ControllerState } from './controller';
import { planFix } from '../../checklists/fix';
import { jumpTarget } from './jump';
import { listRows } from './model';

const TABLE = 'checklist';
/** A hidden table whose filter prompt collects a step's note (the prompt edits a table's filter). */
export const NOTE_TABLE = 'checklist.note';
const INITIAL: TableState = { sortColumn: '', desc: false, filter: '', selected: null };

const rowKeys = (s: ControllerState): string[] => listRows(s).map((r) => r.key);
const selectedOf = (ctx: ScreenContext): string | null => ctx.state.ui.tables[TABLE]?.selected ?? null;

function view(ctx: ScreenContext, table: string, keys: readonly string[] = []) {
  return { table, rowKeys: keys, pageSize: 10, sortColumns: [] as string[] };
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const c = checklistController();
  const state = React.useSyncExternalStore(c.subscribe, c.get);
  const selected = selectedOf(ctx);
  const keys = rowKeys(state);
  React.useEffect(() => void c.load(), [c]);
  // Effects run after the frame is drawn: keys of the same burst (a paste) find the fix unseen.
  React.useEffect(() => c.seeFix(), [state.pendingFix]);
  React.useEffect(() => {
    if (keys.length && (selected === null || !keys.includes(selected))) ctx.store.dispatch({ type: 'select', table: TABLE, key: keys[0]!, initial: INITIAL });
  }, [keys.join('\n'), selected, ctx.store]);
  // The note prompt closed with text: store it on the step and empty the prompt's table.
  const note = ctx.state.ui.tables[NOTE_TABLE]?.filter ?? '';
  const prompting = ctx.state.ui.modals[0]?.kind === 'prompt';
  React.useEffect(() => {
    if (prompting || note === '' || !selected) return;
    c.note(selected, note);
    ctx.store.dispatch({ type: 'command', id: 'filter.clear', view: view(ctx, NOTE_TABLE) });
  }, [prompting, note, selected]);
  return <ChecklistScreen state={state} selected={selected} width={ctx.width} height={ctx.height} />;
}

function onCommand(id: CommandId, ctx: ScreenContext): boolean {
  const c = checklistController();
  const s = c.get();
  const sel = selectedOf(ctx);
  const step = s.def?.steps.find((x) => x.id === sel);
  const toast = (text: string) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });
  // A fix awaiting confirmation takes every checklist key: y runs it, n or esc forget it.
  if (s.pendingFix) {
    if (id === 'checklist.copy') {
      if (!s.pendingFix.seen) {
        toast('press y on its own to confirm');
        return true;
      }
      const fix = c.takeFix()!;
      if (ctx.readOnly || !ctx.effects.execute) toast('read-only: nothing was run (--read-only / PGWARDEN_READ_ONLY)');
      else
        void ctx.effects
          .execute(fix.sql)
          .then((r) => toast(`${fix.sql} ${r}`), (err: Error) => toast(`${fix.sql} failed: ${err.message}`))
          .then(() => c.run([fix.stepId]));
    } else if (id === 'checklist.note' || id === 'checklist.back') {
      c.takeFix();
      toast('nothing was run');
    }
    return true;
  }
  switch (id) {
    case 'checklist.execute': {
      if (!step) return true;
      if (ctx.readOnly || !ctx.effects.execute) {
        toast('read-only: fixes are not run (--read-only / PGWARDEN_READ_ONLY); y copies the SQL');
        return true;
      }
      if (!step.remediation?.sql) {
        toast('this step has no remediation SQL');
        return true;
      }
      const plan = planFix(step.remediation.sql, s.session?.steps[step.id]?.evidence);
      if ('error' in plan) toast(plan.error);
      else c.propose(step.id, plan);
      return true;
    }
    case 'checklist.open':
      if (s.mode === 'pick') {
        if (sel) void c.open(sel);
        return true;
      }
      const target = step ? jumpTarget(step, s.session?.steps[step.id]) : undefined;
      if (target) {
        const { screen, filter } = target;
        ctx.store.dispatch({ type: 'screen', id: screen });
        if (filter !== undefined) {
          // The same path as typing the filter by hand: open the prompt, fill it, apply it.
          ctx.store.dispatch({ type: 'command', id: 'filter.open', view: view(ctx, screen) });
          ctx.store.dispatch({ type: 'prompt.input', value: filter });
          ctx.store.dispatch({ type: 'command', id: 'prompt.submit', view: view(ctx, screen) });
        }
      } else toast('this step has no pane to open');
      return true;
    case 'checklist.back':
      if (s.mode === 'steps') c.back();
      return true;
    case 'checklist.run':
      if (step) void c.run([step.id]);
      return true;
    case 'checklist.runAll':
      if (s.mode === 'steps') void c.run();
      return true;
    case 'checklist.done':
    case 'checklist.skip':
    case 'checklist.followUp':
      if (step) c.mark(step.id, id === 'checklist.done' ? 'done' : id === 'checklist.skip' ? 'skipped' : 'follow-up');
      return true;
    case 'checklist.note':
      if (step) ctx.store.dispatch({ type: 'command', id: 'filter.open', view: view(ctx, NOTE_TABLE) });
      return true;
    case 'checklist.copy':
      if (step?.remediation?.sql) toast(ctx.effects.copy(step.remediation.sql));
      else if (step) toast('this step has no remediation SQL');
      return true;
    case 'checklist.finish':
      if (s.mode === 'steps') void c.finish().then((file) => toast(file ? `report: ${file}` : 'session finished (not saved: no connection)'));
      return true;
    default:
      return false;
  }
}

export const checklistScreen: ScreenDef = {
  id: 'checklist',
  title: 'Checklists',
  command: 'screen.checklist',
  collectors: [],
  table: { id: TABLE, initial: INITIAL, sortColumns: [] },
  rowKeys: () => rowKeys(checklistController().get()),
  onCommand,
  Component: Screen,
};
