/**
 * Starting an EXPLAIN from any pane: record the request in the store, switch to the plan screen,
 * and let the explain service (provided by the app on its action session) answer. The answer is
 * dispatched with the request's sequence number, so a late answer to an older request is ignored.
 */
import { planAction, planOf } from './state';
import type { Backend } from '../../data/collectors/activity';
import type { Statement } from '../../data/collectors/statements';
import type { ExplainService, ExplainSource } from '../../explain/service';
import type { ScreenContext } from '../types';
import { trusted } from '../../text/sanitize';

/** The explain service, when the app provides one in its effects (`effects.explain`). */
export function explainServiceOf(effects: object): ExplainService | undefined {
  const e = (effects as { explain?: unknown }).explain as ExplainService | undefined;
  return e && typeof e.run === 'function' ? e : undefined;
}

export const backendSource = (b: Backend): ExplainSource => ({ kind: 'backend', pid: b.pid, database: b.database, user: b.user, query: b.query });

export const statementSource = (s: Statement): ExplainSource => ({ kind: 'statement', queryId: s.queryId, database: s.database, user: s.user, query: s.query });

/** Runs EXPLAIN (or ANALYZE) for `source` and shows the plan screen. */
export function startExplain(ctx: ScreenContext, source: ExplainSource, opts: { analyze: boolean; allowWrites: boolean; asSelf?: boolean }): void {
  const service = explainServiceOf(ctx.effects);
  if (!service) {
    ctx.store.dispatch({ type: 'toast', text: trusted('EXPLAIN is not available: no connection for actions'), at: ctx.now() });
    return;
  }
  const ui = ctx.store.get().ui;
  const seq = (planOf(ui)?.seq ?? 0) + 1;
  const returnTo = ui.screen === 'plan' ? (planOf(ui)?.returnTo ?? 'activity') : ui.screen;
  ctx.store.dispatch(planAction({ type: 'start', seq, source, returnTo, analyze: opts.analyze, allowWrites: opts.allowWrites }));
  if (ui.screen !== 'plan') ctx.store.dispatch({ type: 'screen', id: 'plan' });
  service.run({ source, analyze: opts.analyze, allowWrites: opts.allowWrites, asSelf: opts.asSelf === true }).then(
    (outcome) => {
      ctx.store.dispatch(planAction({ type: 'result', seq, outcome }));
      // The write (or rights) question is the App's one confirmation; an answer to an older request asks nothing.
      if (!outcome.ok && (outcome.reason === 'confirm-writes' || outcome.reason === 'confirm-rights') && planOf(ctx.store.get().ui)?.seq === seq) {
        const step = outcome.reason === 'confirm-writes' ? 'writes' : 'rights';
        ctx.store.dispatch({ type: 'open.confirm', request: { kind: 'explain', step, source, message: outcome.message, analyze: opts.analyze, allowWrites: opts.allowWrites, screen: 'plan' } });
      }
    },
    (err: unknown) =>
      ctx.store.dispatch(planAction({ type: 'result', seq, outcome: { ok: false, reason: 'failed', message: err instanceof Error ? err.message : String(err) } })),
  );
}

/** The activity pane's EXPLAIN command. True: handled. */
export function explainSelectedBackend(ctx: ScreenContext, b: Backend | undefined): boolean {
  if (b) startExplain(ctx, backendSource(b), { analyze: false, allowWrites: false });
  return true;
}

/** The statements pane's EXPLAIN command: a generic plan of the normalized text. True: handled. */
export function explainSelectedStatement(ctx: ScreenContext, s: Statement | undefined): boolean {
  if (s) startExplain(ctx, statementSource(s), { analyze: false, allowWrites: false });
  return true;
}
