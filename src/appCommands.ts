/**
 * The App's own commands (quit, help, pause, interval, the problems list, screen switches, the
 * viewer and help windows, the prompt, the confirmation) in one table, and the one dispatcher:
 * keymap → command id → its owner. A command of a global or window scope belongs to the App;
 * every other scope belongs to the visible screen's command table. Nothing else handles a key.
 */
import { COMMANDS, type CommandId, type Scope } from './keys/commands';
import { jumpToProblem } from './screens/problemJump';
import { carryOut, declined } from './screens/confirmed';
import { SCREENS } from './screens/registry';
import type { CommandHandler, CommandTable, ScreenContext, ScreenDef } from './screens/types';
import { trusted, type SafeText } from './text/sanitize';
import { activeScopes } from './state/ui';
import { pastRefusal } from './state/past';

/** Scopes whose commands the App owns; the others are the visible screen's. */
export const APP_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['global', 'viewer', 'scroll', 'prompt', 'help', 'dialog', 'problems']);

/**
 * Commands no table handles, and who does: the demo's controls listen for their own key (they
 * exist only under --demo, outside the App).
 */
export const OWNED_OUTSIDE: ReadonlySet<CommandId> = new Set<CommandId>(['demo.drills']);

export const READ_ONLY_REASON = 'read-only: actions on the server are disabled (--read-only / PGWARDEN_READ_ONLY)';

/** What the App's commands need beyond a screen's context. */
export interface AppCommandContext extends ScreenContext {
  screen: ScreenDef;
  /** Lines of the open viewer or help window, for scroll bounds. */
  modalLines: number;
  /** Lines the body shows: a page of the viewer. */
  bodyLines: number;
  /** Problems on the problems line now: the key a problem names opens its pane with the culprit selected. */
  problemLines: number;
  /** True when the confirmation on top was opened by a key of the chunk being handled. */
  confirmOpenedInChunk(): boolean;
}

const toast = (ctx: ScreenContext, text: SafeText) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });
const modal = (ctx: ScreenContext) => ctx.state.ui.modals[0];

function scroll(delta: (ctx: AppCommandContext) => number): CommandHandler<AppCommandContext> {
  return { run: (ctx) => ctx.store.dispatch({ type: 'modal.scroll', delta: delta(ctx), lines: ctx.modalLines }) };
}
const page = (ctx: AppCommandContext) => Math.max(1, ctx.bodyLines - 4);

function screenSwitch(target: ScreenDef): CommandHandler<AppCommandContext> {
  return {
    run(ctx) {
      const named =
        ctx.state.ui.screen !== target.id ? ctx.state.problems.slice(0, ctx.problemLines).find((p) => p.pane.screen === target.id && p.pane.row) : undefined;
      if (named) jumpToProblem(named, ctx);
      else ctx.store.dispatch({ type: 'screen', id: target.id });
    },
  };
}

function confirm(ctx: AppCommandContext): void {
  const m = modal(ctx);
  if (m?.kind !== 'confirm') return;
  // Keys that arrive in one chunk (a paste, a burst) are handled one by one; a confirmation opened
  // by one of them is not answered by a `y` from the same chunk: the operator has not seen it yet.
  if (ctx.confirmOpenedInChunk()) return toast(ctx, trusted('press y on its own to confirm'));
  ctx.store.dispatch({ type: 'modal.close', kind: 'confirm' });
  // The one dispatcher: each kind (signal, EXPLAIN ANALYZE, fix, exact bloat) has its executor there.
  carryOut(m.request, ctx);
}

function decline(ctx: AppCommandContext): void {
  const m = modal(ctx);
  ctx.store.dispatch({ type: 'modal.close', kind: 'confirm' });
  if (m?.kind === 'confirm') declined(m.request, ctx);
}

function submitPrompt(ctx: AppCommandContext): void {
  const m = modal(ctx);
  // The filtered table's rows as they are now, so the cursor stays on a row still shown.
  const rowKeys = m?.kind === 'prompt' && m.purpose === 'filter' && m.table === ctx.screen.table?.id ? ctx.screen.rowKeys(ctx) : undefined;
  ctx.store.dispatch({ type: 'prompt.submit', ...(rowKeys ? { rowKeys } : {}) });
}

function promptEdit(edit: (value: string) => string): CommandHandler<AppCommandContext> {
  return {
    run(ctx) {
      const m = modal(ctx);
      if (m?.kind === 'prompt') ctx.store.dispatch({ type: 'prompt.input', value: edit(m.value) });
    },
  };
}

function jumpToSelectedProblem(ctx: AppCommandContext): void {
  const m = modal(ctx);
  const all = ctx.state.problems;
  const p = all.find((x) => m?.kind === 'problems' && x.id === m.selected) ?? all[0];
  if (p) jumpToProblem(p, ctx);
  else ctx.store.dispatch({ type: 'modal.close', kind: 'problems' });
}

const moveProblem = (delta: 1 | -1): CommandHandler<AppCommandContext> => ({
  run: (ctx) => ctx.store.dispatch({ type: 'problems.move', ids: ctx.state.problems.map((p) => p.id), delta }),
});

const REWIND_COMMANDS = ['rewind.back', 'rewind.forward', 'rewind.backMinute', 'rewind.forwardMinute', 'rewind.live', 'rewind.jump', 'rewind.timeline'] as const satisfies readonly CommandId[];

function timeTravel(id: CommandId): CommandHandler<AppCommandContext> {
  return {
    run: (ctx) => void ctx.effects.timeTravel?.(id),
    disabledReason: (ctx) => (ctx.effects.timeTravel ? undefined : 'no rewind in this session'),
  };
}

const close: CommandHandler<AppCommandContext> = { run: (ctx) => ctx.store.dispatch({ type: 'modal.close' }) };

export const APP_COMMANDS: CommandTable<AppCommandContext> = {
  'app.quit': { run: (ctx) => ctx.effects.quit() },
  'app.refresh': { run: (ctx) => ctx.effects.refresh() },
  'app.help': { run: (ctx) => ctx.store.dispatch({ type: 'open.help' }) },
  'app.pause': { run: (ctx) => ctx.store.dispatch({ type: 'pause' }) },
  'app.faster': { run: (ctx) => ctx.store.dispatch({ type: 'interval', dir: -1 }) },
  'app.slower': { run: (ctx) => ctx.store.dispatch({ type: 'interval', dir: 1 }) },
  'app.problems': { run: (ctx) => ctx.store.dispatch({ type: 'problems.toggle' }) },
  'problems.up': moveProblem(-1),
  'problems.down': moveProblem(1),
  'problems.jump': { run: jumpToSelectedProblem },
  'problems.close': { run: (ctx) => ctx.store.dispatch({ type: 'modal.close', kind: 'problems' }) },
  'charts.toggle': { run: (ctx) => ctx.store.dispatch({ type: 'charts.toggle' }) },
  ...Object.fromEntries(SCREENS.map((s) => [s.command, screenSwitch(s)])),
  'query.copy': {
    run(ctx) {
      const m = modal(ctx);
      if (m?.kind === 'viewer') toast(ctx, ctx.effects.copy(m.raw));
    },
  },
  'viewer.up': scroll(() => -1),
  'viewer.down': scroll(() => 1),
  'viewer.pageUp': scroll((ctx) => -page(ctx)),
  'viewer.pageDown': scroll(page),
  'modal.close': close,
  'help.close': close,
  'prompt.submit': { run: submitPrompt },
  'prompt.cancel': { run: (ctx) => ctx.store.dispatch({ type: 'prompt.cancel' }) },
  'prompt.backspace': promptEdit((v) => [...v].slice(0, -1).join('')),
  'prompt.clear': promptEdit(() => ''),
  'prompt.quit': { run: (ctx) => ctx.effects.quit() },
  'dialog.confirm': { run: confirm },
  'dialog.cancel': { run: decline },
  // The time cursor's (src/rewind/timeTravel.ts), reached through the App's effects.
  ...Object.fromEntries(REWIND_COMMANDS.map((id) => [id, timeTravel(id)])),
};

/**
 * Scopes active now, first first: the window on top's, or the visible screen's state's (a fix
 * awaiting confirmation) before the screen's own, the table's and the global ones.
 */
export function scopesNow(screen: ScreenDef, ctx: ScreenContext): Scope[] {
  const ui = ctx.state.ui;
  return ui.modals.length ? activeScopes(ui) : [...(screen.scopes?.(ctx) ?? []), ...activeScopes(ui)];
}

/** The handler that owns a command on a screen: the App's for its scopes, the screen's otherwise. */
export function ownerOf(id: CommandId, screen: ScreenDef): CommandHandler<AppCommandContext> | undefined {
  return APP_SCOPES.has(COMMANDS[id].scope) ? APP_COMMANDS[id] : (screen.commands[id] as CommandHandler<AppCommandContext> | undefined);
}

/** Why a command cannot run now on this screen, or undefined when it can. */
export function disabledReason(id: CommandId, ctx: AppCommandContext): string | undefined {
  const spec = COMMANDS[id] as { dangerous?: boolean };
  if (ctx.readOnly && spec.dangerous) return READ_ONLY_REASON;
  const past = pastRefusal(id, ctx.state.past);
  if (past) return past;
  return ownerOf(id, ctx.screen)?.disabledReason?.(ctx);
}

/** Why a command's key does nothing now: disabled, or nothing on this screen owns it. */
export function unavailable(id: CommandId, ctx: AppCommandContext): string | undefined {
  if (!ownerOf(id, ctx.screen) && !OWNED_OUTSIDE.has(id)) return `not on the ${ctx.screen.title} screen`;
  return disabledReason(id, ctx);
}

/**
 * Carries out a command: its owner runs it, or the reason it cannot run is shown. A key the
 * screen has no use for (a table key where the screen has no table) does nothing and says nothing.
 */
export function runCommand(id: CommandId, ctx: AppCommandContext): void {
  const why = disabledReason(id, ctx);
  if (why) return toast(ctx, trusted(why));
  ownerOf(id, ctx.screen)?.run(ctx);
}
