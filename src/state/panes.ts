/**
 * Per-screen UI state. A screen's module defines its pane: the state's type, its initial value and
 * a pure reducer for it; UiState keeps every pane's state under `panes[id]` without knowing its
 * type, so adding a pane touches the screen's own folder only.
 */
import type { Action, UiState } from './ui';

export interface Pane<S, A> {
  id: string;
  initial: S;
  reduce(s: S, a: A): S;
}

export function definePane<S, A>(id: string, initial: S, reduce: (s: S, a: A) => S): Pane<S, A> {
  return { id, initial, reduce };
}

/** A pane's state, or its initial state before anything changed it. */
export function paneState<S, A>(ui: Pick<UiState, 'panes'>, p: Pane<S, A>): S {
  return (ui.panes[p.id] as S | undefined) ?? p.initial;
}

/** The store action that applies `a` to the pane's state with its reducer. */
export function paneAction<S, A>(p: Pane<S, A>, a: A): Action {
  return { type: 'pane', id: p.id, update: (s) => p.reduce((s as S | undefined) ?? p.initial, a) };
}

/** `ui` with the pane's state replaced (for a screen's derivation, which returns UiState). */
export function withPane<S, A>(ui: UiState, p: Pane<S, A>, s: S): UiState {
  return { ...ui, panes: { ...ui.panes, [p.id]: s } };
}
