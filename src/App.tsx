/**
 * The root component: lays out header, the visible screen and the footer; turns key presses into
 * commands through the keymap (appCommands.ts runs them by their owner); hands effects (quit, copy, refresh, plan) back to the caller.
 * It never sees a driver type and never runs SQL: data arrives through the store. Screens plug in
 * through screens/registry.ts.
 */
import React, { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Box, useInput, useStdin } from 'ink';
import type { CommandId } from './keys/commands';
import { disabledReason, runCommand, scopesNow, unavailable, type AppCommandContext } from './appCommands';
import { ConfirmDialog } from './components/ConfirmDialog';
import { TimelineWindow } from './components/TimelineWindow';
import type { TimelineData } from './components/TimelineWindow';
import { HiddenColumns } from './components/Table';
import type { KeySpec } from './keys/keymap';
import { displayKey, displayKeyAscii, functionKeyName, keyName, resolve, splitChunk, type InkKey } from './keys/match';
import { Footer } from './components/Footer';
import { PaneBar, type PaneTab } from './components/PaneBar';
import { Header, HEADER_LINES } from './screens/Header';
import { ProblemsLine } from './components/ProblemsLine';
import { ProblemsWindow } from './components/ProblemsWindow';
import { StaleBanner, StaleProvider, WaitingPane } from './components/Stale';
import { staleness } from './state/staleness';
import { TextWindow, windowLines } from './components/TextWindow';
import { footerItems, helpGroups } from './components/keyhelp';
import { SizeProvider, useTheme, type TerminalSize } from './components/theme';
import { planFor, screenById, SCREENS } from './screens/registry';
import type { ScreenContext } from './screens/types';
import type { AppEffects } from './screens/effects';
import type { Store } from './state/store';
import { ChecklistController } from './checklists/controller';
import { safeLine, trusted, type SafeText } from './text/sanitize';
import { wrap } from './text/width';
import { compareIds } from './text/order';
import { asciiFold } from './text/terminal';


export interface AppProps {
  store: Store;
  target: string;
  readOnly: boolean;
  keymap: Record<CommandId, readonly KeySpec[]>;
  size: TerminalSize;
  effects: AppEffects;
  /** Local clock (ms); toasts expire against it. */
  now?: () => number;
  /** Extra lines for the help screen (audit log path, config files). */
  helpNotes?: string[];
  /** Per pane: columns never shown (the preferences file's hidden_columns). */
  hiddenColumns?: Readonly<Record<string, readonly string[]>>;
  /** A replay: the whole recording's series, for the timeline window (src/rewind/replaySource.ts). */
  timeline?: TimelineData;
  /** The checklist controller, writing to this store; without one, checks say they need a connection. */
  checklists?: ChecklistController;
}

const TOAST_MS = 4000;
// The pane bar and the keys.
const FOOTER_LINES = 2;
/** Pane names for the pane bar; a pane not listed shows its title in lower case. */
const SHORT_TITLES: Record<string, string> = {
  activity: 'act', locks: 'locks', statements: 'stmts', replication: 'repl', vacuum: 'vacuum', horizon: 'xmin', checklist: 'check', plan: 'plan',
};
const HELP_KEY_WIDTH = 18;

/** Lines the problems line may take: one at 24 rows, more on a tall terminal. */
export function problemLinesFor(rows: number): number {
  return rows >= 40 ? 3 : rows >= 30 ? 2 : 1;
}

/** One help entry: keys in a column, the description wrapped beside them with a hanging indent. */
function helpLine(keys: string, description: string, width: number, ascii: boolean): string[] {
  const room = Math.max(20, width - HELP_KEY_WIDTH - 4);
  // Folded before wrapping: the ASCII form of a character can be wider.
  const [first = '', ...rest] = wrap(trusted(ascii ? asciiFold(description) : description), room);
  const pad = ' '.repeat(HELP_KEY_WIDTH + 3);
  return [`  ${keys.padEnd(HELP_KEY_WIDTH)} ${first}`, ...rest.map((l) => pad + l)];
}

function helpText(props: AppProps, ascii: boolean, width: number, disabled: (id: CommandId) => string | undefined): string[] {
  const lines: string[] = [];
  for (const g of helpGroups(props.keymap, { readOnly: props.readOnly, ascii, disabled })) {
    lines.push(g.group);
    for (const e of g.entries) lines.push(...helpLine(e.keys, e.description, width, ascii));
    lines.push('');
  }
  for (const s of SCREENS) {
    if (!s.legend?.length) continue;
    lines.push(`${s.title} columns`);
    for (const [k, d] of s.legend) lines.push(...helpLine(k, d, width, ascii));
    lines.push('');
  }
  // Notes name paths from the environment: not our words.
  for (const n of props.helpNotes ?? []) lines.push(safeLine(n));
  return lines.flatMap((l) => wrap(trusted(l), Math.max(10, width - 1)));
}

export function App(props: AppProps): React.ReactElement {
  const { store, size, keymap, effects, readOnly } = props;
  const state = useSyncExternalStore(store.subscribe, store.get);
  const theme = useTheme();
  const { ui, snapshot } = state;
  const now = props.now ?? Date.now;
  // ink 6 scrolls the terminal when the frame is as tall as the screen: keep one line spare.
  const height = Math.max(6, size.rows - 1);
  const width = Math.max(20, size.columns);
  const screen = screenById(ui.screen);
  const top = ui.modals[0];
  // Stale data is marked in the pane too: a line above it, rows dimmed; a pane that has nothing of
  // its own yet says it waits for the server rather than showing an empty list as if it were true.
  const stale = staleness(state);
  const ownCollectors = screen.scopedCollectors?.(ui) ?? screen.collectors;
  const noData = ownCollectors.length > 0 && ownCollectors.every((c) => !snapshot?.results[c.id]);
  // Before the first snapshot the screens keep their own start-up look; after it, a pane without
  // data of its own (just opened) says so until its first refresh.
  const waiting = noData && (!!stale || !!snapshot);
  const banner = stale && snapshot && !top && !waiting ? 1 : 0;
  // The problems line sits under the header and takes its lines from the pane, only while there are problems.
  const problemLines = Math.min(state.problems.length, problemLinesFor(size.rows));
  const bodyHeight = height - HEADER_LINES - problemLines - FOOTER_LINES - banner;
  const checklists = useMemo(() => props.checklists ?? new ChecklistController(undefined, store.checklist), [props.checklists, store]);
  const ctx: ScreenContext = {
    state,
    store,
    effects,
    nowMs: snapshot?.takenAt ?? now(),
    now,
    width,
    height: bodyHeight,
    readOnly,
    checklists,
    hiddenColumns: props.hiddenColumns?.[screen.id],
  };
  // Keys that arrive in one chunk (a paste, a burst) are handled one by one; a confirmation opened
  // by one of them is not answered by a `y` from the same chunk (appCommands.ts).
  const chunk = useRef(0);
  const confirmChunk = useRef(-1);
  const commandCtx = (c: ScreenContext, lines: number): AppCommandContext => ({
    ...c,
    screen: screenById(c.state.ui.screen),
    modalLines: lines,
    bodyLines: bodyHeight,
    problemLines: problemLinesFor(size.rows),
    confirmOpenedInChunk: () => confirmChunk.current === chunk.current,
  });

  useEffect(() => effects.setPlan(planFor(ui.screen, ui)), [ui.screen, ui.panes.activity, effects]);
  useEffect(() => effects.setInterval(ui.intervalMs), [ui.intervalMs, effects]);
  // Resuming, or another server's effects (the fleet's), shows fresh data at once rather than after
  // a full interval. Not on mount: the poller has just started and its first refresh is on the
  // screen or on its way; another at once read 2000 backends twice at start, on the first frame's heels.
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current && !ui.paused) effects.refresh();
    mounted.current = true;
  }, [ui.paused, effects]);

  const modalLines = useMemo(() => {
    // The viewer's text was sanitized with safe() when it was opened; it stays display-safe when split.
    if (top?.kind === 'viewer') return windowLines(top.text, width);
    // Help says which of the keys of the screen under it cannot run now, and why.
    if (top?.kind === 'help') return helpText(props, !theme.unicode, width, (id) => disabledReason(id, commandCtx(ctx, 0)));
    return [];
    // Props other than keymap, readOnly and helpNotes do not affect the help text.
  }, [top, width, keymap, readOnly, theme.unicode, props.helpNotes]);

  /**
   * The screen and context as the store has them now, not as of the last render: keys that arrive
   * in one burst (`1/…`) must act on the screen the previous key switched to.
   */
  function current(): AppCommandContext {
    const st = store.get();
    return commandCtx({ ...ctx, state: st, nowMs: st.snapshot?.takenAt ?? now(), hiddenColumns: props.hiddenColumns?.[st.ui.screen] }, modalLines.length);
  }

  useInput((input, key) => {
    // Keys typed fast (or pasted, or sent by tmux) arrive as one chunk: handle them one by one,
    // so `/` followed by text opens the filter and fills it.
    chunk.current++;
    for (const [text, k] of splitChunk(input, key as InkKey)) handleKey(text, k);
  });

  function handleKey(input: string, k: InkKey): void {
    const topModal = store.get().ui.modals[0];
    const name = keyName(input, k);
    if (name && handleName(name)) return;
    // In a prompt, what is not one of its keys is typed text: an input event, not a command.
    // Control characters never enter the line: safeLine() passes it through the boundary (it
    // trims, so a single typed space is kept as it is).
    if (topModal?.kind === 'prompt' && !k.ctrl && !k.meta && input)
      store.dispatch({ type: 'prompt.input', value: topModal.value + (input === ' ' ? ' ' : safeLine(input)) });
  }

  /** A key by name: the command bound to it in the active scopes, run by its owner. False when unbound. */
  function handleName(name: string): boolean {
    const topModal = store.get().ui.modals[0];
    const cur = current();
    const id = resolve(keymap, scopesNow(cur.screen, cur), name);
    if (!id) return false;
    // The time cursor first: it moves through time, and refuses actions on a backend of the past.
    if (!cur.effects.timeTravel?.(id)) runCommand(id, cur);
    const after = store.get().ui.modals[0];
    if (after?.kind === 'confirm' && after !== topModal) confirmChunk.current = chunk.current;
    return true;
  }

  // Function keys (F1 help, F10 quit, as in htop and pg_activity) reach useInput as an empty
  // input: read their sequence from the same stream of parsed keys.
  const { internal_eventEmitter: keyEvents } = useStdin();
  const onFunctionKey = useRef(handleName);
  onFunctionKey.current = (name) => {
    if (store.get().ui.modals[0]?.kind !== 'prompt') handleName(name);
    return true;
  };
  useEffect(() => {
    const listen = (data: string | Buffer) => {
      const name = functionKeyName(String(data));
      if (name) onFunctionKey.current(name);
    };
    keyEvents.on('input', listen);
    return () => void keyEvents.off('input', listen);
  }, [keyEvents]);

  const show = theme.unicode ? displayKey : displayKeyAscii;
  const keyLabel = (id: CommandId): string => (keymap[id][0] ? show(keymap[id][0]) : '');
  // The fleet pane's tab only with several servers: one server's pane bar stays as it was.
  const tabs: PaneTab[] = SCREENS.filter((s) => keymap[s.command][0] && (s.id !== 'fleet' || state.fleet))
    .map((s) => ({ key: show(keymap[s.command][0]!), name: SHORT_TITLES[s.id] ?? s.title.toLowerCase(), current: s.id === ui.screen }))
    // Number keys first, in order; letters (P plan) after.
    .sort((a, b) => Number(!/^\d$/.test(a.key)) - Number(!/^\d$/.test(b.key)) || compareIds(a.key, b.key));
  const toast = ui.toast && now() - ui.toast.at < TOAST_MS ? ui.toast.text : undefined;
  const prompt = top?.kind === 'prompt' ? { label: top.label ?? trusted('filter (text or /regex/): '), value: top.value } : undefined;
  const Body = screen.Component;
  // One context for every command the footer asks about, not one copy of it per command.
  const footerCtx = commandCtx(ctx, modalLines.length);

  return (
    <SizeProvider size={size}>
      <Box flexDirection="column" width={width} height={height}>
        <Header state={state} target={props.target} readOnly={readOnly} width={width} />
        {problemLines ? <ProblemsLine problems={state.problems} width={width} lines={problemLines} /> : null}
        {top?.kind === 'confirm' ? (
          <ConfirmDialog request={top.request} width={width} height={bodyHeight} readOnly={readOnly} />
        ) : top?.kind === 'problems' ? (
          <ProblemsWindow
            problems={state.problems}
            selected={top.selected}
            paneTitle={(id) => screenById(id).title}
            keys={{ jump: keyLabel('problems.jump'), close: keyLabel('problems.close') }}
            width={width}
            height={bodyHeight}
          />
        ) : state.past?.timeline && props.timeline && !top ? (
          <TimelineWindow data={props.timeline} index={state.past.index} width={width} height={bodyHeight} />
        ) : top?.kind === 'viewer' || top?.kind === 'help' ? (
          <TextWindow title={top.kind === 'help' ? trusted('Help') : top.title} lines={modalLines} scroll={top.scroll} width={width} height={bodyHeight} />
        ) : waiting ? (
          <Box flexDirection="column" height={bodyHeight}>
            <WaitingPane title={screen.title} stale={stale} paused={ui.paused ? (keymap['app.pause'][0] ?? 'space') : undefined} width={width} past={state.past?.mode} />
          </Box>
        ) : (
          <>
            {banner && stale ? <StaleBanner stale={stale} width={width} /> : null}
            <StaleProvider stale={!!stale}>
              <HiddenColumns ids={props.hiddenColumns?.[screen.id]}>
                <Body {...ctx} />
              </HiddenColumns>
            </StaleProvider>
          </>
        )}
        <PaneBar tabs={tabs} width={width} />
        <Footer items={footerItems(keymap, scopesNow(screen, ctx), { ascii: !theme.unicode, readOnly, unavailable: (id) => unavailable(id, footerCtx) })} toast={toast} prompt={prompt} width={width} />
      </Box>
    </SizeProvider>
  );
}
