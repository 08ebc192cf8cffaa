/**
 * The plan screen on its own, for a plan read from a file or stdin (`pgwarden explain --file`):
 * no server, no panes to go back to. The plan screen's own commands drive it; the keys that need
 * a server say so, Esc and q quit.
 */
import { ChecklistController } from '../../checklists/controller';
import { planAction, planOf } from './state';
import React, { useEffect, useState, useSyncExternalStore } from 'react';
import { Box, useInput } from 'ink';
import type { AppEffects } from '../effects';
import { FitText } from '../../components/FitText';
import { Footer } from '../../components/Footer';
import { footerItems } from '../../components/keyhelp';
import { TextWindow, windowLines } from '../../components/TextWindow';
import { SizeProvider, useTheme, type TerminalSize } from '../../components/theme';
import type { ExplainResult, RedFlag } from '../../explain/types';
import { COMMAND_IDS, type CommandId } from '../../keys/commands';
import { DEFAULT_KEYMAP, type KeySpec } from '../../keys/keymap';
import { keyName, resolve, splitChunk, type InkKey } from '../../keys/match';
import { Store } from '../../state/store';
import { activeScopes, initialUi } from '../../state/ui';
import { safeLine, type SafeText } from '../../text/sanitize';
import type { ScreenContext } from '../types';
import { planScreen } from './index';

/** A plan as `explain --file` read it. */
export interface FilePlan {
  result: ExplainResult;
  flags: RedFlag[];
  /** The input as read: `J` shows it and `y` there copies it. */
  raw: string;
  /** The file's name as given ("stdin" for -). */
  name: string;
  /** The statement, when the input holds it (auto_explain logs it). */
  query?: string | null;
}

/** What reaches the viewer: the plan screen's keys, the text window's, and quitting. Nothing that needs a server or another pane. */
const VIEWER_COMMANDS: ReadonlySet<CommandId> = new Set<CommandId>([
  'app.quit',
  'plan.back',
  'plan.toggleFold',
  'plan.nextFlag',
  'plan.query',
  'plan.raw',
  'plan.analyze',
  'nav.up',
  'nav.down',
  'nav.pageUp',
  'nav.pageDown',
  'nav.top',
  'nav.bottom',
  'plan.fold',
  'plan.unfold',
  'query.copy',
  'viewer.up',
  'viewer.down',
  'viewer.pageUp',
  'viewer.pageDown',
  'modal.close',
]);

/** The default keymap with every other command unbound: the dispatcher and the footer then agree on what works. */
export const VIEWER_KEYMAP = Object.fromEntries(COMMAND_IDS.map((id) => [id, VIEWER_COMMANDS.has(id) ? DEFAULT_KEYMAP[id] : []])) as Record<CommandId, readonly KeySpec[]>;

/**
 * The footer here: Esc quits like q (shown once, as q), and EXPLAIN
 * ANALYZE is not offered (pressed, it says it needs a server); the statement and the input as read are.
 */
const FOOTER_LABELS: Partial<Record<CommandId, string | null>> = { 'plan.back': null, 'plan.analyze': null, 'plan.query': 'statement', 'plan.raw': 'as read' };

const HEADER_LINES = 1;
const FOOTER_LINES = 1;
const TOAST_MS = 4000;

/** A store whose UI shows `plan` on the plan screen, as `P` shows the last plan in the monitor. */
export function planViewerStore(plan: FilePlan): Store {
  const store = new Store(initialUi({ screen: 'plan' }));
  const source = { kind: 'file' as const, name: plan.name, database: null, user: null, query: plan.query ?? null };
  store.dispatch(planAction({ type: 'start', seq: 1, source, returnTo: 'plan', analyze: plan.result.analyzed }));
  const unknown = plan.result.unknown ?? [];
  const notes = unknown.length ? [`not in this input: ${unknown.join('; ')}`] : [];
  const outcome = { ok: true as const, mode: plan.result.analyzed ? ('analyze' as const) : ('plan' as const), result: plan.result, flags: plan.flags, raw: plan.raw, notes };
  store.dispatch(planAction({ type: 'result', seq: 1, outcome }));
  return store;
}

export interface PlanViewerProps {
  store: Store;
  /** The file's name as given, for the header. */
  name: string;
  size: TerminalSize;
  quit(): void;
  /** Copies text to the operator's clipboard; returns the message to show. */
  copy(text: string): SafeText;
  now?: () => number;
}

export function PlanViewer(props: PlanViewerProps): React.ReactElement {
  const { store, size } = props;
  const state = useSyncExternalStore(store.subscribe, store.get);
  const theme = useTheme();
  const now = props.now ?? Date.now;
  const height = Math.max(6, size.rows - 1); // ink 6 scrolls when the frame is as tall as the screen
  const width = Math.max(20, size.columns);
  const bodyHeight = height - HEADER_LINES - FOOTER_LINES;
  const noop = () => undefined;
  // No explain service: the plan screen says what needs a server instead of running anything.
  const effects: AppEffects = { quit: props.quit, refresh: noop, setInterval: noop, setPlan: noop, copy: props.copy };
  // No checklist screen here: a controller without a connection stands in for the context's.
  const [checklists] = useState(() => new ChecklistController(undefined, store.checklist));
  const ctx = (): ScreenContext => ({ state: store.get(), store, effects, nowMs: now(), now, width, height: bodyHeight, readOnly: false, checklists });
  // Nothing else redraws this screen (no refresh ticks): a message is taken away when it expires.
  const [, redraw] = useState(0);
  const toastAt = state.ui.toast?.at;
  useEffect(() => {
    if (toastAt === undefined) return;
    const t = setTimeout(() => redraw((n) => n + 1), Math.max(0, toastAt + TOAST_MS - now()) + 10);
    return () => clearTimeout(t);
  }, [toastAt]);
  const top = state.ui.modals[0];
  const modalLines = top?.kind === 'viewer' ? windowLines(top.text, width) : [];

  /** The text window's keys: this screen has no App around it to own them. */
  const WINDOW: Partial<Record<CommandId, () => void>> = {
    'viewer.up': () => store.dispatch({ type: 'modal.scroll', delta: -1, lines: modalLines.length }),
    'viewer.down': () => store.dispatch({ type: 'modal.scroll', delta: 1, lines: modalLines.length }),
    'viewer.pageUp': () => store.dispatch({ type: 'modal.scroll', delta: -Math.max(1, bodyHeight - 4), lines: modalLines.length }),
    'viewer.pageDown': () => store.dispatch({ type: 'modal.scroll', delta: Math.max(1, bodyHeight - 4), lines: modalLines.length }),
    'modal.close': () => store.dispatch({ type: 'modal.close' }),
  };

  function run(id: CommandId): void {
    const m = store.get().ui.modals[0];
    if (id === 'app.quit') return props.quit();
    if (id === 'query.copy' && m?.kind === 'viewer') return store.dispatch({ type: 'toast', text: props.copy(m.raw), at: now() });
    // There is no pane to go back to: Esc leaves.
    if (!m && id === 'plan.back') return props.quit();
    const own = m ? undefined : planScreen.commands[id];
    if (own) return own.run(ctx());
    WINDOW[id]?.();
  }

  useInput((input, key) => {
    for (const [text, k] of splitChunk(input, key as InkKey)) {
      const name = keyName(text, k);
      const id = name ? resolve(VIEWER_KEYMAP, activeScopes(store.get().ui), name) : undefined;
      if (id) run(id);
    }
  });

  const toast = state.ui.toast && now() - state.ui.toast.at < TOAST_MS ? state.ui.toast.text : undefined;
  const Body = planScreen.Component;
  // The file's name is someone else's text: it passes the boundary like the plan's.
  const header = safeLine(`pgwarden ${theme.glyphs.bullet} plan read from ${props.name} ${theme.glyphs.bullet} no server connection`);
  return (
    <SizeProvider size={size}>
      <Box flexDirection="column" width={width} height={height}>
        <FitText bold width={width} text={header} />
        {top?.kind === 'viewer' ? (
          <TextWindow title={top.title} lines={modalLines} scroll={top.scroll} width={width} height={bodyHeight} />
        ) : (
          <Body {...ctx()} state={state} />
        )}
        <Footer items={footerItems(VIEWER_KEYMAP, activeScopes(state.ui), { ascii: !theme.unicode, readOnly: false, labels: FOOTER_LABELS })} toast={toast} width={width} />
      </Box>
    </SizeProvider>
  );
}
