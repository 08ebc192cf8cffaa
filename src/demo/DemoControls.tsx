/**
 * The demo's controls inside the monitor: `D` (command `demo.drills`) opens the drills menu (a text window listing each
 * drill with its key and state), the drill's key starts or stops it, and progress of the
 * background loading shows as a footer message. Renders nothing itself.
 */
import { useEffect } from 'react';
import { useInput } from 'ink';
import { DEFAULT_KEYMAP } from '../keys/keymap';
import type { Store } from '../state/store';
import { DRILLS, type DrillRunner, type DrillState } from './drills';
import { safe, safeLine, trusted } from '../text/sanitize';

/** Title of the drills menu window; the menu is open while this window is on top. */
export const DRILLS_MENU_TITLE = 'Incident drills';
/** Keys that open the drills menu: those of the `demo.drills` command (single characters). */
export const DRILLS_MENU_KEYS: readonly string[] = DEFAULT_KEYMAP['demo.drills'].filter((k) => [...k].length === 1);

function label(s: DrillState): string {
  if (typeof s === 'object') return `FAILED: ${s.failed}`;
  return s === 'on' ? 'RUNNING' : s === 'off' ? 'off' : `${s}…`;
}

/** The menu's text: one line per drill and what to look for when it runs. */
export function drillsMenuText(drills: DrillRunner): string {
  const lines = ['Press a key to start or stop a drill; Esc closes this window.', ''];
  for (const d of DRILLS) {
    const s = drills.state(d.id);
    lines.push(`  ${d.key}  ${d.title.padEnd(34)} ${label(s)}`);
    if (s === 'on') lines.push(`       ${d.hint}`);
  }
  lines.push('', 'Drills also start from the command line: pgwarden --demo --drill lock-pileup');
  return lines.join('\n');
}

/** Wires demo keys and status into the monitor; mount it inside the ink tree. */
export function DemoControls(props: { store: Store; drills: DrillRunner; status: () => string; onStatus: (fn: () => void) => () => void }): null {
  const { store, drills } = props;
  const menuOpen = (): boolean => {
    const top = store.get().ui.modals[0];
    return top?.kind === 'viewer' && top.title === DRILLS_MENU_TITLE;
  };
  const showMenu = (): void => {
    if (menuOpen()) store.dispatch({ type: 'modal.close' });
    const text = drillsMenuText(drills);
    store.dispatch({ type: 'open.viewer', title: trusted(DRILLS_MENU_TITLE), text: safe(text), raw: text });
  };

  useEffect(() => {
    // A drill that starts or fails says so in the footer too: with the menu closed (--drill)
    // it would otherwise go unnoticed.
    const seen = new Map<string, string>();
    const onChange = (): void => {
      if (menuOpen()) showMenu();
      for (const d of DRILLS) {
        const s = drills.state(d.id);
        const shown = typeof s === 'object' ? `${d.title} failed: ${s.failed}` : s === 'on' ? `${d.title}: ${d.hint}` : '';
        if (shown && seen.get(d.id) !== shown) store.dispatch({ type: 'toast', text: safeLine(shown), at: Date.now() });
        seen.set(d.id, shown);
      }
    };
    onChange();
    return drills.onChange(onChange);
    // The store and the drills live as long as the monitor.
  }, [drills]);
  useEffect(() => {
    const toast = (): void => {
      const text = props.status();
      if (text) store.dispatch({ type: 'toast', text: safeLine(text), at: Date.now() });
    };
    toast();
    return props.onStatus(toast);
    // Subscribed once.
  }, []);

  useInput((input, key) => {
    if (key.ctrl || key.meta) return;
    // Keys sent in one chunk (tmux, paste) are handled one by one, as the App does.
    for (const ch of input) {
      const top = store.get().ui.modals[0];
      if (DRILLS_MENU_KEYS.includes(ch) && !top) showMenu();
      else if (menuOpen()) {
        const drill = DRILLS.find((d) => d.key === ch);
        if (drill) void drills.toggle(drill.id);
      }
    }
  });
  return null;
}
