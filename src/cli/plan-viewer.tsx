/**
 * `pgwarden explain --file` on a terminal: the plan screen on its own, with no database
 * connection at all, on the same terminal handling as the monitor.
 */
import React from 'react';
import { planViewerStore, PlanViewer, type FilePlan } from '../screens/plan/FileViewer';
import { copyToClipboard, startFullScreen } from './fullscreen';

export interface PlanViewerOptions {
  plan: FilePlan;
  color: boolean;
  unicode: boolean;
  /** The preferences file's palette for light backgrounds. */
  light?: boolean;
}

/** Shows the plan until the operator quits or a signal ends it. Resolves with the exit code. */
export async function runPlanViewer(opts: PlanViewerOptions): Promise<number> {
  const store = planViewerStore(opts.plan);
  const out = process.stdout;
  const screen = startFullScreen({
    color: opts.color,
    unicode: opts.unicode,
    light: opts.light,
    body: (size) => <PlanViewer store={store} name={opts.plan.name} size={size} quit={() => screen.finish(0)} copy={(text) => copyToClipboard(out, text)} />,
  });
  return screen.done;
}
