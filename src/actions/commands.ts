/**
 * The tag / cancel / terminate keys, shared by every screen that lists backends. A screen supplies
 * an adapter (which backend is under the cursor, what an action on a backend would hit); this
 * turns the keys into tags and into a confirmation request. Nothing here sends a signal: only a
 * `y` in the confirmation does, through the App's act effect.
 */
import type { Capabilities } from '../data/server';
import type { CommandId } from '../keys/commands';
import { buildRequest } from './request';
import type { ActionKind, ActionTarget, ConfirmRequest } from './types';
import { safeMsg, trusted, type SafeText } from '../text/sanitize';

/** What the keys ask of the UI: the UI state events they raise. */
export type BackendKeyEvent =
  | { type: 'toast'; text: SafeText; at: number }
  | { type: 'tag'; screen: string; key: string }
  | { type: 'untag'; screen: string }
  | { type: 'open.confirm'; request: ConfirmRequest };

/**
 * The part of a screen's context the keys use, spelt out here so that actions need not know the
 * screens (a ScreenContext is one).
 */
export interface BackendKeysContext {
  readOnly: boolean;
  /** Local clock (ms), for toasts. */
  now(): number;
  state: { caps: Capabilities | undefined; ui: { tagged: Readonly<Record<string, readonly string[]>> } };
  store: { dispatch(event: BackendKeyEvent): void };
}

/** What a screen tells the shared keys about its rows; `C` is the screen's own context. */
export interface BackendAdapter<C extends BackendKeysContext = BackendKeysContext> {
  /** Screen id: tags are kept per screen. */
  screen: string;
  /** Backend key (pid:backend_start) under the cursor. */
  selected(ctx: C): string | undefined;
  /** The target for a backend key, from the data on screen; undefined once it is no longer shown. */
  target(ctx: C, key: string): ActionTarget | undefined;
  /** Moves the cursor to the next row (after tagging, as mc and pg_activity do). */
  next(ctx: C): void;
  /** pgwarden's own backends among the rows, when the screen knows them. */
  ownPids?(ctx: C): number[];
}

const toast = (ctx: BackendKeysContext, text: SafeText) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });

/** Backend keys tagged on a screen. */
export function taggedOn(ctx: BackendKeysContext, screen: string): readonly string[] {
  return ctx.state.ui.tagged[screen] ?? [];
}

function ask<C extends BackendKeysContext>(kind: ActionKind, ctx: C, a: BackendAdapter<C>): void {
  if (ctx.readOnly) return toast(ctx, trusted('read-only: actions on the server are disabled'));
  const tagged = taggedOn(ctx, a.screen);
  const keys = tagged.length ? tagged : [a.selected(ctx)].filter((k): k is string => !!k);
  if (!keys.length) return toast(ctx, trusted('no backend selected'));
  const candidates = keys.map((k) => a.target(ctx, k)).filter((t): t is ActionTarget => !!t);
  const lost = keys.length - candidates.length;
  const caps = ctx.state.caps;
  const request = buildRequest(kind, candidates, {
    screen: a.screen,
    ownPids: a.ownPids?.(ctx),
    role: caps ? { currentUser: caps.currentUser, isSuperuser: caps.isSuperuser, signalBackend: caps.signalBackend } : undefined,
  });
  if (lost) request.notes.unshift(`${lost} tagged backend${lost === 1 ? ' is' : 's are'} no longer shown (ended, or filtered out) and left out`);
  if (caps && !caps.readAllStats && request.targets.some((t) => t.backendStart == null))
    request.notes.push(
      `role ${caps.currentUser} cannot read other roles' backend_start, so only pid, role and database are checked before the signal (fix: GRANT pg_monitor TO ${caps.currentUser};)`,
    );
  if (!request.targets.length) {
    const why = request.skipped.map((s) => `pid ${s.pid}: ${s.reason}`).join('; ');
    return toast(ctx, safeMsg`nothing to ${kind}: ${why || 'the tagged backends are no longer shown'}`);
  }
  ctx.store.dispatch({ type: 'open.confirm', request });
}

/** Handles backend.tag / untagAll / cancel / terminate for a screen. True when handled. */
export function handleBackendCommand<C extends BackendKeysContext>(id: CommandId, ctx: C, a: BackendAdapter<C>): boolean {
  switch (id) {
    case 'backend.tag': {
      const key = a.selected(ctx);
      if (key) {
        ctx.store.dispatch({ type: 'tag', screen: a.screen, key });
        a.next(ctx);
      }
      return true;
    }
    case 'backend.untagAll':
      ctx.store.dispatch({ type: 'untag', screen: a.screen });
      toast(ctx, trusted('tags cleared'));
      return true;
    case 'backend.cancel':
      ask('cancel', ctx, a);
      return true;
    case 'backend.terminate':
      ask('terminate', ctx, a);
      return true;
    default:
      return false;
  }
}
