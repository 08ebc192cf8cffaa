/**
 * The tag / cancel / terminate keys as a command table, for every screen that lists backends
 * (actions/commands.ts turns them into tags and a confirmation request).
 */
import { handleBackendCommand, taggedOn, type BackendAdapter } from '../actions/commands';
import type { CommandId } from '../keys/commands';
import type { CommandTable, ScreenContext } from './types';

const IDS = ['backend.tag', 'backend.untagAll', 'backend.cancel', 'backend.terminate'] as const satisfies readonly CommandId[];

export function backendCommands(a: BackendAdapter): CommandTable {
  const noRow = (ctx: ScreenContext) => (a.selected(ctx) ? undefined : 'no backend selected');
  const nothing = (ctx: ScreenContext) => (taggedOn(ctx, a.screen).length || a.selected(ctx) ? undefined : 'no backend selected');
  const reasons: Record<(typeof IDS)[number], ((ctx: ScreenContext) => string | undefined) | undefined> = {
    'backend.tag': noRow,
    'backend.untagAll': undefined,
    'backend.cancel': nothing,
    'backend.terminate': nothing,
  };
  return Object.fromEntries(
    IDS.map((id) => [id, { run: (ctx: ScreenContext) => void handleBackendCommand(id, ctx, a), ...(reasons[id] ? { disabledReason: reasons[id] } : {}) }]),
  );
}
