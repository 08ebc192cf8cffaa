/**
 * Entering and leaving the alternate screen, and making sure we leave it whatever happens: a quit,
 * a crash, SIGTERM, or SIGHUP when the SSH link drops. The operator's terminal must come back
 * exactly as it was (scrollback, cursor, no raw mode).
 */
const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export interface ScreenGuard {
  /** Restores the terminal; safe to call more than once. */
  restore(): void;
}

export function enterAlternateScreen(out: NodeJS.WriteStream, input: NodeJS.ReadStream): ScreenGuard {
  let active = true;
  out.write(ENTER);
  const restore = () => {
    if (!active) return;
    active = false;
    try {
      if (input.isTTY && input.isRaw) input.setRawMode(false);
    } catch {
      // stdin may already be gone (SIGHUP): nothing to restore there.
    }
    try {
      out.write(LEAVE);
    } catch {
      // Writing to a closed terminal throws EIO/EPIPE; the terminal is gone anyway.
    }
  };
  // The last resort: runs even when the event loop is being torn down.
  process.once('exit', restore);
  return { restore };
}
