/**
 * Default keys for every command. Conventions follow the tools on-call engineers already know:
 * htop / pg_activity (`q`, `h`/`?`, `/`, `+`/`-`, `<`/`>` sort, Space pause, `C`/`K`), less / vi
 * (`j`/`k`, `g`/`G`), k9s (Escape backs out).
 *
 * A key is written as it is typed: a character (`q`, `?`, `G`), or a named key (`up`, `enter`,
 * `escape`, `space`, `pageup`, `home`, `tab`), optionally with `ctrl+`.
 */
import type { CommandId } from './commands';

export type KeySpec = string;

export const DEFAULT_KEYMAP: Record<CommandId, readonly KeySpec[]> = {
  'app.quit': ['q', 'ctrl+c'],
  'app.help': ['?', 'h'],
  'app.pause': ['space', 'Z'],
  'app.refresh': ['ctrl+r', 'ctrl+l'],
  'app.faster': ['+'],
  'app.slower': ['-'],
  'demo.drills': ['D'],
  'screen.activity': ['1'],
  'screen.locks': ['2'],
  'screen.statements': ['3'],
  'screen.plan': ['P'],
  'nav.up': ['up', 'k'],
  'nav.down': ['down', 'j'],
  'nav.pageUp': ['pageup', 'ctrl+b'],
  'nav.pageDown': ['pagedown', 'ctrl+f'],
  'nav.top': ['home', 'g'],
  'nav.bottom': ['end', 'G'],
  'sort.next': ['>', 'right'],
  'sort.prev': ['<', 'left'],
  'sort.invert': ['I'],
  'filter.open': ['/'],
  'filter.clear': ['\\'],
  'activity.toggleIdle': ['i'],
  'activity.toggleBackground': ['b'],
  'activity.openQuery': ['enter', 'w'],
  'activity.showBlocker': ['B'],
  'locks.toggleView': ['v'],
  'locks.openQuery': ['enter', 'w'],
  'backend.tag': ['t'],
  'backend.untagAll': ['T'],
  'backend.cancel': ['C'],
  'backend.terminate': ['K'],
  'dialog.confirm': ['y', 'Y'],
  'dialog.cancel': ['n', 'N', 'escape', 'q', 'ctrl+c'],
  'activity.explain': ['e'],
  'statements.nextView': ['v', 'tab'],
  'statements.toggleMode': ['t'],
  'statements.openQuery': ['enter', 'w'],
  'statements.explain': ['e'],
  'plan.back': ['escape'],
  'plan.toggleFold': ['enter', 'o'],
  'plan.nextFlag': ['n'],
  'plan.query': ['w'],
  'plan.raw': ['J'],
  'plan.analyze': ['a'],
  'plan.confirm': ['y'],
  'query.copy': ['y'],
  'viewer.up': ['up', 'k'],
  'viewer.down': ['down', 'j'],
  'viewer.pageUp': ['pageup', 'ctrl+b'],
  'viewer.pageDown': ['pagedown', 'ctrl+f', 'space'],
  'modal.close': ['escape', 'q', 'enter'],
  'help.close': ['escape', 'q', '?', 'h'],
  'prompt.submit': ['enter'],
  'prompt.cancel': ['escape'],
};
