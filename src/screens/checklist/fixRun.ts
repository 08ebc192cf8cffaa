/**
 * A checklist step's fix, confirmed in the App's one dialog: sent on the action session with
 * bounded lock and statement timeouts (effects.execute), kept on its step with its outcome, and
 * the step checked again.
 */
import type { FixConfirm } from '../../actions/statementRequest';
import { safeMsg, trusted, type SafeText } from '../../text/sanitize';
import type { ScreenContext } from '../types';

export function runConfirmedFix(fix: FixConfirm, ctx: ScreenContext, report: (text: SafeText) => void): void {
  const c = ctx.checklists;
  if (!ctx.effects.execute) return report(trusted('nothing was run: fixes need the action connection'));
  void ctx.effects
    .execute(fix.sql)
    // The statement holds names from the server and the error quotes them: both pass the boundary.
    .then(
      (r) => {
        c.fixRan(fix.stepId, fix.sql, r);
        report(safeMsg`${fix.sql} ${r}`);
      },
      (err: Error) => {
        c.fixRan(fix.stepId, fix.sql, `failed: ${err.message}`);
        report(safeMsg`${fix.sql} failed: ${err.message}`);
      },
    )
    .then(() => c.run([fix.stepId]));
}
