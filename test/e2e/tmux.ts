/**
 * A real terminal for end-to-end tests: a detached tmux session of a fixed size running bash,
 * keys sent with send-keys, the screen read with capture-pane. Waits poll the screen; they never sleep
 * blindly.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export interface Term {
  name: string;
  /** Runs a tmux command on this terminal's own server. */
  tmux(...args: string[]): string;
  /** Types text (literally) into the terminal. */
  type(text: string): void;
  /** Sends tmux key names: 'Enter', 'Escape', 'Down', 'C-c', 'q' … */
  keys(...keys: string[]): void;
  screen(): string;
  /** Whether the pane is in the alternate screen now. */
  alternateOn(): boolean;
  waitFor(pred: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  kill(): void;
}

/**
 * Each terminal runs on a tmux server of its own (the socket is named after it), so tests neither
 * see nor disturb the developer's sessions nor each other's. A server shared by every terminal
 * (and by every e2e run on the machine) exits when its last session is killed; a terminal opened
 * at that moment, in this run or another, failed with "server exited unexpectedly".
 */
const tmuxOn = (socket: string, args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

export function openTerm(opts: { columns: number; rows: number; env?: Record<string, string> }): Term {
  const name = `pgw-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]): string => tmuxOn(name, args);
  // bash sets its own prompt ("bash-5.2# "): one given in the environment is not kept.
  const env = Object.entries({ HISTFILE: '/dev/null', ...opts.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  tmux('new-session', '-d', '-s', name, '-x', String(opts.columns), '-y', String(opts.rows), ...env, 'bash --norc --noprofile');
  tmux('set-option', '-t', name, 'status', 'off');
  // tmux leaves its socket file behind when the server is killed: removed in kill().
  const socket = tmux('display-message', '-p', '#{socket_path}').trim();
  const term: Term = {
    name,
    tmux,
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
    // -J joins lines the terminal wrapped, so long output reads as it was printed. A prompt and
    // command that fill their last row exactly leave it marked wrapped, and the command's first line
    // of output is joined onto it: look for output with a pattern the typed command cannot match
    // (`echo "x-exit=$?"` prints x-exit=0), never by where a line starts.
    screen: () => tmux('capture-pane', '-p', '-J', '-t', name),
    alternateOn: () => tmux('display-message', '-p', '-t', name, '#{alternate_on}').trim() === '1',
    async waitFor(pred, what, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < end) {
        last = term.screen();
        if (pred(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`e2e: timed out waiting for ${what}; screen:\n${last}`);
    },
    resize: (columns, rows) => void tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      if (socket) rmSync(socket, { force: true });
    },
  };
  return term;
}

/** The terminal settings as `stty -g` prints them, read once the shell owns the terminal again. */
export async function sttyState(t: Term, tag: string): Promise<string> {
  // Type only once the shell owns the terminal again, or the keys go to the exiting program.
  await t.waitFor((s) => /[#$] $/.test(s.replace(/\s+$/, '') + ' ') && !t.alternateOn(), 'shell prompt');
  t.type(`echo ${tag}=$(stty -g)`);
  t.keys('Enter');
  const s = await t.waitFor((s) => new RegExp(`^${tag}=\\S+`, 'm').test(s), `${tag} stty`);
  return new RegExp(`^${tag}=(\\S+)`, 'm').exec(s)![1]!;
}
