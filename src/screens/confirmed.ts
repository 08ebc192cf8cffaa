/**
 * The one dispatcher of confirmed requests: the App's confirmation dialog hands every `y` here,
 * and each kind has one executor. A read-only session refuses every kind, saying why; so does a
 * session without the action connection the kind needs.
 */
import type { ConfirmRequest, SignalRequest } from '../actions/types';
import { safeLine, trusted, type SafeText } from '../text/sanitize';
import { runConfirmedFix } from './checklist/fixRun';
import { startExplain } from './plan/open';
import type { ScreenContext } from './types';
import { runExactBloat } from './vacuum/exact';

const READ_ONLY = '(--read-only / PGWARDEN_READ_ONLY)';

/** Why a read-only session does not carry out a request of this kind. */
export function readOnlyReason(r: ConfirmRequest): string {
  switch (r.kind) {
    case 'cancel':
    case 'terminate':
    case 'pgbouncer':
      return `read-only: actions on the server are disabled ${READ_ONLY}`;
    case 'explain':
      return r.step === 'rights' && !r.analyze ? `read-only: not planned with pgwarden's rights ${READ_ONLY}` : `EXPLAIN ANALYZE runs the statement: not in --read-only mode`;
    case 'fix':
      return `read-only: nothing was run ${READ_ONLY}`;
    case 'exact':
      return `read-only: pgstattuple is not run ${READ_ONLY}`;
  }
}

type Executor<K extends ConfirmRequest['kind']> = (r: Extract<ConfirmRequest, { kind: K }>, ctx: ScreenContext, report: (text: SafeText) => void) => void;

function signal(r: SignalRequest, ctx: ScreenContext, report: (text: SafeText) => void): void {
  // The tags were for this request: the next C or K starts from the cursor again.
  ctx.store.dispatch({ type: 'untag', screen: r.screen });
  if (ctx.effects.act) ctx.effects.act(r, report);
  else report(trusted('nothing was sent: actions are not available in this session'));
}

const EXECUTORS: { [K in ConfirmRequest['kind']]: Executor<K> } = {
  cancel: signal,
  terminate: signal,
  pgbouncer: signal,
  // EXPLAIN ANALYZE runs inside BEGIN … ROLLBACK on the action session (explain/runner.ts).
  explain: (r, ctx) =>
    r.step === 'rights'
      ? startExplain(ctx, r.source, { analyze: r.analyze, allowWrites: r.allowWrites, asSelf: true })
      : startExplain(ctx, r.source, { analyze: true, allowWrites: r.step === 'writes' }),
  fix: runConfirmedFix,
  exact: runExactBloat,
};

/** The operator said no (n, Esc): a statement request says that nothing ran. */
export function declined(r: ConfirmRequest, ctx: ScreenContext): void {
  if (r.kind === 'fix' || r.kind === 'explain' || r.kind === 'exact') ctx.store.dispatch({ type: 'toast', text: trusted('nothing was run'), at: ctx.now() });
}

/** Carries out a request the operator confirmed (the dialog is already closed). */
export function carryOut(r: ConfirmRequest, ctx: ScreenContext): void {
  const report = (text: SafeText) => ctx.store.dispatch({ type: 'toast', text, at: ctx.now() });
  if (ctx.readOnly) return report(safeLine(readOnlyReason(r)));
  (EXECUTORS[r.kind] as Executor<ConfirmRequest['kind']>)(r, ctx, report);
}
