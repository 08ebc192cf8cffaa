/**
 * pgstattuple's exact bloat figure for the selected table. It reads the whole table, so `e` only
 * asks (the App's one confirmation); the figure is read on the action connection after `y`.
 */
import type { ExactBloatConfirm } from '../../actions/statementRequest';
import { dataOf } from '../../data/collector';
import { exactBloat, exactBloatFixHint } from '../../data/collectors/bloat';
import { vacuumSettingsCollector } from '../../data/collectors/vacuum';
import { classify } from '../../data/errors';
import { trusted, type SafeText } from '../../text/sanitize';
import type { ScreenContext } from '../types';
import { paneAction, paneState } from '../../state/panes';
import { VACUUM_PANE, type ExactState } from './pane';

/** `e` on the tables view: asks to read the selected table's exact figure. */
export function askExact(ctx: ScreenContext, sel: { relid: number; table: string; size: string } | undefined): void {
  if (!sel) return;
  const toast = (text: SafeText) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });
  // A read of the whole table is not for a read-only session (--read-only removes every action).
  if (ctx.readOnly) return toast(trusted('read-only: pgstattuple is not run (--read-only / PGWARDEN_READ_ONLY)'));
  const schema = dataOf(ctx.state.snapshot, vacuumSettingsCollector)?.pgstattupleSchema;
  if (!schema) return toast(trusted('pgstattuple is not installed in this database: CREATE EXTENSION pgstattuple;'));
  if (!ctx.effects.lookup || !ctx.state.caps) return toast(trusted('exact figures need the action connection, which is not available here'));
  if (paneState(ctx.state.ui, VACUUM_PANE).exact[sel.relid]?.state === 'running') return;
  ctx.store.dispatch({ type: 'open.confirm', request: { kind: 'exact', relid: sel.relid, table: sel.table, schema, size: sel.size, screen: 'vacuum' } });
}

/** Reads the confirmed figure; the pane shows it running, then the figure or the failure with its GRANT. */
export function runExactBloat(r: ExactBloatConfirm, ctx: ScreenContext, report: (text: SafeText) => void): void {
  const run = ctx.effects.lookup;
  const caps = ctx.state.caps;
  if (!run || !caps) return report(trusted('exact figures need the action connection, which is not available here'));
  const { relid } = r;
  if (paneState(ctx.store.get().ui, VACUUM_PANE).exact[relid]?.state === 'running') return;
  const set = (exact: ExactState) => ctx.store.dispatch(paneAction(VACUUM_PANE, { type: 'exact', relid, exact }));
  set({ state: 'running', at: ctx.now() });
  exactBloat(run, relid, r.schema, caps.major).then(
    (result) => set({ state: 'done', result, at: ctx.now() }),
    (err: unknown) => {
      const f = classify(err);
      const hint = exactBloatFixHint(f, caps.currentUser);
      set({ state: 'failed', error: f.message, ...(hint ? { hint } : {}), at: ctx.now() });
    },
  );
}
