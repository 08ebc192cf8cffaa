/**
 * Component-test wrapper around ink-testing-library: a fixed terminal size (the library itself
 * assumes 100 columns and no rows), theme, key presses by command id, and waits on predicates.
 */
import React from 'react';
import { render as inkRender } from 'ink-testing-library';
import { App, type AppProps } from '../../src/App';
import type { AppEffects } from '../../src/screens/effects';
import { makeTheme, ThemeProvider } from '../../src/components/theme';
import type { CommandId } from '../../src/keys/commands';
import { DEFAULT_KEYMAP } from '../../src/keys/keymap';
import { Store } from '../../src/state/store';
import { derivations, screenById } from '../../src/screens/registry';
import { scopesNow } from '../../src/appCommands';
import { resolve } from '../../src/keys/match';
import type { ScreenContext } from '../../src/screens/types';
import { trusted } from '../../src/text/sanitize';

const SEQUENCES: Record<string, string> = {
  up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', pageup: '\x1b[5~', pagedown: '\x1b[6~',
  home: '\x1b[H', end: '\x1b[F', enter: '\r', escape: '\x1b', tab: '\t', backspace: '\x7f', space: ' ',
};

/** The bytes a terminal sends for a key spec. */
export function bytesFor(spec: string): string {
  if (spec.startsWith('ctrl+')) return String.fromCharCode(spec.charCodeAt(5) & 0x1f);
  return SEQUENCES[spec] ?? spec;
}

/**
 * The key a test presses for a command: the `which`-th of its keys, looked up in the keymap, and
 * checked to reach that command in the scopes active now. A test that presses by id then proves
 * the key works where it is pressed, not only that the command would.
 */
export function keyFor(store: Store, keymap: Record<CommandId, readonly string[]>, id: CommandId, which = 0): string {
  const spec = keymap[id][which];
  if (!spec) throw new Error(`no key ${which} for ${id}`);
  const state = store.get();
  const scopes = scopesNow(screenById(state.ui.screen), { state } as ScreenContext);
  const reached = resolve(keymap, scopes, spec);
  if (reached !== id) throw new Error(`${spec} reaches ${reached ?? 'nothing'}, not ${id}, in ${scopes.join(' > ')}`);
  return spec;
}

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

export interface Rendered {
  store: Store;
  effects: AppEffects & { calls: string[] };
  frame(): string;
  /** The last frame with its escape sequences, to prove none came from the server. */
  rawFrame(): string;
  /** Presses the key of a command, checked to reach that command where it is pressed (keyFor). */
  press(id: CommandId, which?: number): Promise<void>;
  /** Presses a key by its spec, whatever it reaches here (to prove a key does nothing). */
  pressKey(spec: string): Promise<void>;
  type(text: string): Promise<void>;
  /** Writes keys as one chunk, the way a fast typist or tmux sends them: no render runs between them. */
  burst(text: string): Promise<void>;
  waitFor(pred: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  unmount(): void;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

export async function renderApp(
  opts: { columns?: number; rows?: number; color?: boolean; unicode?: boolean; store?: Store; props?: Partial<AppProps>; effects?: Partial<AppEffects>; onCommit?: () => void } = {},
): Promise<Rendered> {
  const store = opts.store ?? new Store();
  // As the CLI does: the visible pane's selection is derived in the store.
  const now = opts.props?.now ?? (() => 1_700_000_000_000);
  store.setDerive(derivations(now));
  const calls: string[] = [];
  const effects = {
    calls,
    quit: () => void calls.push('quit'),
    refresh: () => void calls.push('refresh'),
    setInterval: (ms: number) => void calls.push(`interval:${ms}`),
    setPlan: (c: { id: string }[]) => void calls.push(`plan:${c.map((x) => x.id).join(',')}`),
    copy: (text: string) => {
      calls.push(`copy:${text}`);
      return trusted('copied');
    },
    ...opts.effects,
  };
  const size = { columns: opts.columns ?? 80, rows: opts.rows ?? 24 };
  const theme = makeTheme({ color: opts.color ?? false, unicode: opts.unicode ?? true });
  const r = inkRender(
    <ThemeProvider theme={theme}>
      {/* Counts the App's commits (React renders that reached the screen), for tests of renders per refresh. */}
      <React.Profiler id="app" onRender={() => opts.onCommit?.()}>
        <App store={store} target="postgres@/tmp:5432/postgres" readOnly={false} keymap={DEFAULT_KEYMAP} size={size} effects={effects} now={() => 1_700_000_000_000} {...opts.props} />
      </React.Profiler>
    </ThemeProvider>,
  );
  await tick();
  const frame = () => strip(r.lastFrame() ?? '');
  async function waitFor(pred: (f: string) => boolean, timeoutMs = 2000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const f = frame();
      if (pred(f)) return f;
      if (Date.now() > end) throw new Error(`frame never matched; last frame:\n${f}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  }
  return {
    store,
    effects,
    frame,
    rawFrame: () => r.lastFrame() ?? '',
    async press(id, which = 0) {
      const spec = keyFor(store, opts.props?.keymap ?? DEFAULT_KEYMAP, id, which);
      r.stdin.write(bytesFor(spec));
      await tick();
      await tick();
    },
    async pressKey(spec) {
      r.stdin.write(bytesFor(spec));
      await tick();
      await tick();
    },
    async type(text) {
      for (const ch of text) {
        r.stdin.write(ch);
        await tick();
      }
      await tick();
    },
    async burst(text) {
      r.stdin.write(text);
      await tick();
    },
    waitFor,
    unmount: () => r.unmount(),
  };
}
