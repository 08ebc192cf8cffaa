/**
 * Owning the terminal for a full-screen ink tree: the alternate screen, the frame writer, the
 * theme, resizes, signals, a dropped terminal, crashes, and giving the terminal back exactly as it
 * was. Shared by the monitor (tui.tsx) and the plan viewer (plan-viewer.tsx).
 */
import React, { useEffect, useState } from 'react';
import { render, type Instance } from 'ink';
import { makeTheme, ThemeProvider, type TerminalSize } from '../components/theme';
import { FrameWriter } from '../render/frame-writer';
import { osc52 } from '../text/osc52';
import { trusted, type SafeText } from '../text/sanitize';
import { enterAlternateScreen } from './screen';

export interface FullScreenOptions {
  color: boolean;
  unicode: boolean;
  /** The preferences file's palette for light backgrounds. */
  light?: boolean;
  /** The tree for the current terminal size. */
  body: (size: TerminalSize) => React.ReactElement;
  /** Mounted beside the body (overlays that render nothing or a layer of their own). */
  extra?: React.ReactElement | null;
}

export interface FullScreen {
  /** Ends the screen with this exit code (the first call wins); the terminal is restored at once. */
  finish(code: number): void;
  /** Resolves with the exit code once the screen has ended. */
  done: Promise<number>;
}

function sizeOf(out: NodeJS.WriteStream): TerminalSize {
  return { columns: out.columns || 80, rows: out.rows || 24 };
}

function Root(props: { out: NodeJS.WriteStream; children: (size: TerminalSize) => React.ReactElement }): React.ReactElement {
  const [size, setSize] = useState(() => sizeOf(props.out));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(props.out));
    props.out.on('resize', onResize);
    return () => {
      props.out.off('resize', onResize);
    };
  }, [props.out]);
  return props.children(size);
}

/** Copies text to the operator's clipboard with OSC 52 (works over SSH and tmux); returns the message to show. */
export function copyToClipboard(out: NodeJS.WriteStream, text: string): SafeText {
  const { sequence, truncated } = osc52(text, process.env);
  out.write(sequence);
  return trusted(truncated ? 'copied (truncated: the terminal clipboard limit was reached)' : `copied ${text.length} characters to the clipboard (OSC 52)`);
}

/**
 * ink drawing `body` on `out` through a frame writer: the screen's tree and ink's options, for the
 * terminal (startFullScreen) and for the single executable's warm-up (warm-up.tsx), which draws it
 * once on a terminal of its own (`streams`) so that its first frame runs code already compiled.
 */
export function drawScreen(
  opts: Pick<FullScreenOptions, 'color' | 'unicode' | 'light' | 'body' | 'extra'>,
  out: NodeJS.WriteStream,
  streams: { stdin?: NodeJS.ReadStream; stderr?: NodeJS.WriteStream } = {},
): { instance: Instance; frames: FrameWriter } {
  const theme = makeTheme({ color: opts.color, unicode: opts.unicode, light: opts.light });
  // ink draws on the frame writer, which sends the terminal only the rows that changed.
  const frames = new FrameWriter(out);
  const instance = render(
    <ThemeProvider theme={theme}>
      <Root out={out}>{opts.body}</Root>
      {opts.extra ?? null}
    </ThemeProvider>,
    // ink's incremental mode left the first line of a full-screen frame stale in tmux (the header
    // kept saying "connecting"); the frame writer does that job instead.
    { stdout: frames as unknown as NodeJS.WriteStream, ...streams, exitOnCtrlC: false, patchConsole: false, incrementalRendering: false, maxFps: 30 },
  );
  return { instance, frames };
}

/** Takes the terminal and draws `body` on it until `finish` is called or a signal ends it. */
export function startFullScreen(opts: FullScreenOptions): FullScreen {
  const out = process.stdout;
  const input = process.stdin;
  // Handlers first, then the alternate screen: a signal in between would otherwise kill the
  // process with the default action and leave the terminal on the alternate screen. (Signals are
  // dispatched from the event loop, so finish() never runs before this function returns.)
  // A dropped SSH link closes the terminal: SIGHUP, and reads/writes failing with EIO. Whatever
  // comes first ends the screen, and a hard exit follows so nothing can keep a headless process
  // alive (an error loop on a dead terminal would otherwise spin forever).
  const hardExit = (code: number) => setTimeout(() => process.exit(code), 1500);
  const onSignal = (sig: NodeJS.Signals) => {
    const code = sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143;
    finish(code);
    hardExit(code);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  const guard = enterAlternateScreen(out, input);
  let exitCode = 0;
  let finished = false;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));

  const { instance, frames } = drawScreen(opts, out);

  function finish(code: number): void {
    if (finished) return;
    finished = true;
    exitCode = code;
    try {
      instance.unmount();
    } catch {
      // Unmounting a crashed tree can throw; restoring the terminal matters more.
    }
    frames.detach();
    guard.restore();
    // Stop reading the terminal at once: keys typed after quitting belong to the shell.
    input.pause();
    resolveDone(exitCode);
  }

  const onTerminalGone = () => {
    finish(129);
    hardExit(129);
  };
  input.on('end', onTerminalGone);
  input.on('error', onTerminalGone);
  out.on('error', onTerminalGone);
  const onCrash = (err: unknown) => {
    if (finished) return; // after the end, errors from a closed terminal are expected: never report them on it
    finish(70);
    hardExit(70);
    try {
      process.stderr.write(`pgwarden: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    } catch {
      // stderr is the same dead terminal
    }
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  // A component that throws makes ink unmount on its own: end the screen too, rather than polling
  // (and keeping a demo cluster alive) behind a blank screen.
  instance.waitUntilExit().then(() => finish(exitCode), onCrash);
  return { finish, done };
}
