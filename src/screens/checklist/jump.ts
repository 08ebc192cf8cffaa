/** Where enter on a step goes: the step's pane and the filter that shows what its check found. */
import type { StepRecord } from '../../checklists/state';
import type { Jump, StepDef } from '../../checklists/types';

/**
 * The activity pane's filter matches pid as text, so the sessions a check found (evidence with a
 * `pid` column) become `/^(101|102)$/`; otherwise the step's own filter, if any.
 */
export function jumpTarget(step: StepDef, rec: StepRecord | undefined): Jump | undefined {
  if (!step.jump) return undefined;
  const ev = rec?.evidence;
  const col = ev ? ev.columns.indexOf('pid') : -1;
  if (step.jump.screen === 'activity' && ev && col >= 0) {
    const pids = ev.rows.map((r) => r[col] ?? '').filter((p) => /^\d+$/.test(p));
    if (pids.length > 0) return { screen: 'activity', filter: `/^(${pids.join('|')})$/` };
  }
  return step.jump;
}
