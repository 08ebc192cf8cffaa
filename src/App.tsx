/**
 * The root component: lays out header, the visible screen, and the footer; turns key presses into
 * commands through the keymap; hands effects (quit, copy, refresh, plan) back to the caller.
 * It never sees a driver type and never runs SQL: data arrives through the store.
 */
import React, { useEffect, useMemo, useSyncExternalStore } from 'react';
import { Box, useInput } from 'ink';
import type { Collector } from './data/collector';
import { dataOf } from './data/collector';
import { activityCollector, type Backend } from './data/collectors/activity';
import type { CommandId } from './keys/commands';
import type { KeySpec } from './keys/keymap';
import { keyName, resolve, type InkKey } from './keys/match';
import { Footer } from './components/Footer';
import { Header, HEADER_LINES } from './components/Header';
import { TextWindow } from './components/TextWindow';
import { footerItems, helpGroups } from './components/keyhelp';
import { SizeProvider, useTheme, type TerminalSize } from './components/theme';
import { ActivityScreen } from './screens/activity/ActivityScreen';
import { ACTIVITY_LEGEND, ACTIVITY_SORT_COLUMNS } from './screens/activity/columns';
import { activityView } from './screens/activity/model';
import { planFor } from './screens/registry';
import type { Store } from './state/store';
import { activeScopes, type ViewInfo } from './state/ui';
import { safe, safeLine, trusted } from './text/sanitize';
import { wrap } from './text/width';

export interface AppEffects {
  quit(): void;
  refresh(): void;
  setInterval(ms: number): void;
  setPlan(collectors: Collector[]): void;
  /** Copies text to the operator's clipboard; returns the message to show. */
  copy(text: string): string;
}

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
}

const TOAST_MS = 4000;
const HELP_KEY_WIDTH = 18;

/** One help entry: keys in a column, the description wrapped beside them with a hanging indent. */
function helpLine(keys: string, description: string, width: number): string[] {
  const room = Math.max(20, width - HELP_KEY_WIDTH - 4);
  const [first = '', ...rest] = wrap(trusted(description), room);
  const pad = ' '.repeat(HELP_KEY_WIDTH + 3);
  return [`  ${keys.padEnd(HELP_KEY_WIDTH)} ${first}`, ...rest.map((l) => pad + l)];
}
const FOOTER_LINES = 1;

export function App(props: AppProps): React.ReactElement {
  const { store, size, keymap, effects, readOnly } = props;
  const state = useSyncExternalStore(store.subscribe, store.get);
  const theme = useTheme();
  const { ui, snapshot, caps } = state;
  const now = props.now ?? Date.now;
  const nowMs = snapshot?.takenAt ?? now();
  // ink 6 scrolls the terminal when the frame is as tall as the screen: keep one line spare.
  const height = Math.max(6, size.rows - 1);
  const width = Math.max(20, size.columns);
  const bodyHeight = height - HEADER_LINES - FOOTER_LINES;

  const backends: Backend[] = dataOf(snapshot, activityCollector) ?? [];
  const table = ui.tables.activity!;
  const view = useMemo(
    () => activityView(backends, table, ui.activity, nowMs),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- backends changes exactly when the snapshot does
    [snapshot, table, ui.activity],
  );

  useEffect(() => effects.setPlan(planFor(ui.screen)), [ui.screen, effects]);
  useEffect(() => effects.setInterval(ui.intervalMs), [ui.intervalMs, effects]);
  useEffect(() => {
    // Resuming shows fresh data at once rather than after a full interval.
    if (!ui.paused) effects.refresh();
  }, [ui.paused, effects]);

  // Keep the selection on a row that exists: the first one at start, the nearest after a filter.
  useEffect(() => {
    if (view.rows.length && (table.selected === null || !view.rows.some((r) => r.key === table.selected))) {
      store.dispatch({ type: 'select', table: 'activity', key: view.rows[0]!.key });
    }
  }, [view, table.selected, store]);

  const top = ui.modals[0];
  const modalWidth = width;
  const modalLines = useMemo(() => {
    // The viewer's text was sanitized with safe() when it was opened; it stays display-safe when split.
    if (top?.kind === 'viewer') return top.text.split('\n').flatMap((l) => wrap(trusted(l), Math.max(10, modalWidth - 1)));
    if (top?.kind === 'help') {
      const lines: string[] = [];
      for (const g of helpGroups(keymap, { readOnly, ascii: !theme.unicode })) {
        lines.push(g.group);
        for (const e of g.entries) lines.push(...helpLine(e.keys, e.description, modalWidth));
        lines.push('');
      }
      lines.push('Activity columns');
      for (const [k, d] of ACTIVITY_LEGEND) lines.push(...helpLine(k, d, modalWidth));
      for (const n of props.helpNotes ?? []) lines.push('', n);
      return lines.flatMap((l) => wrap(trusted(l), Math.max(10, modalWidth - 1)));
    }
    return [];
  }, [top, modalWidth, keymap, readOnly, theme.unicode, props.helpNotes]);

  const selected = view.rows.find((r) => r.key === table.selected);

  useInput((input, key) => {
    const s = store.get().ui;
    const topModal = s.modals[0];
    if (topModal?.kind === 'prompt') {
      const k = key as InkKey;
      if (k.return) return store.dispatch({ type: 'command', id: 'prompt.submit', view: viewInfo() });
      if (k.escape) return store.dispatch({ type: 'command', id: 'prompt.cancel', view: viewInfo() });
      if (k.backspace || k.delete) return store.dispatch({ type: 'prompt.input', value: [...topModal.value].slice(0, -1).join('') });
      if (k.ctrl && input === 'u') return store.dispatch({ type: 'prompt.input', value: '' });
      if (k.ctrl && input === 'c') return effects.quit();
      if (!k.ctrl && !k.meta && input) {
        // Typed or pasted text: control characters never enter the filter.
        const clean = safeLine(input);
        return store.dispatch({ type: 'prompt.input', value: topModal.value + clean });
      }
      return;
    }
    const name = keyName(input, key as InkKey);
    if (!name) return;
    const id = resolve(keymap, activeScopes(s), name);
    if (!id) return;
    run(id);
  });

  function viewInfo(): ViewInfo {
    return {
      table: 'activity',
      rowKeys: view.rows.map((r) => r.key),
      pageSize: Math.max(1, bodyHeight - 3),
      sortColumns: ACTIVITY_SORT_COLUMNS,
      modalLines: modalLines.length,
    };
  }

  function run(id: CommandId): void {
    switch (id) {
      case 'app.quit':
        return effects.quit();
      case 'app.refresh':
        return effects.refresh();
      case 'activity.openQuery': {
        if (!selected) return;
        const raw = selected.query ?? '';
        const title = `pid ${selected.pid} ${safeLine(selected.user)}@${safeLine(selected.database)} ${safeLine(selected.state)}`;
        store.dispatch({ type: 'open.viewer', title, text: safe(raw), raw });
        return;
      }
      case 'query.copy': {
        const m = store.get().ui.modals[0];
        const raw = m?.kind === 'viewer' ? m.raw : selected?.query;
        if (raw == null) return;
        store.dispatch({ type: 'toast', text: effects.copy(raw), at: now() });
        return;
      }
      default:
        store.dispatch({ type: 'command', id, view: viewInfo() });
    }
  }

  const toast = ui.toast && now() - ui.toast.at < TOAST_MS ? ui.toast.text : undefined;
  const prompt = top?.kind === 'prompt' ? { label: 'filter (text or /regex/): ', value: top.value } : undefined;

  let body: React.ReactElement;
  if (top?.kind === 'viewer' || top?.kind === 'help') {
    body = (
      <TextWindow
        title={top.kind === 'help' ? 'Help' : top.title}
        lines={modalLines}
        scroll={top.scroll}
        width={width}
        height={bodyHeight}
      />
    );
  } else {
    body = (
      <ActivityScreen
        view={view}
        result={snapshot?.results.activity}
        table={table}
        nowMs={nowMs}
        width={width}
        height={bodyHeight}
        privilegeNote={
          caps && !caps.readAllStats
            ? `role ${safeLine(caps.currentUser)} sees only its own queries (<insufficient privilege>) ${theme.glyphs.dash} fix: GRANT pg_monitor TO ${safeLine(caps.currentUser)};`
            : undefined
        }
      />
    );
  }

  return (
    <SizeProvider size={size}>
      <Box flexDirection="column" width={width} height={height}>
        <Header state={state} target={props.target} readOnly={readOnly} nowMs={now()} width={width} />
        {body}
        <Footer items={footerItems(keymap, activeScopes(ui), { ascii: !theme.unicode, readOnly })} toast={toast} prompt={prompt} width={width} />
      </Box>
    </SizeProvider>
  );
}
