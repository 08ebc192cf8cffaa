/**
 * `--prometheus URL`: the fleet pane's rows for every instance Prometheus scrapes through
 * postgres_exporter, read at the background servers' cadence. A Prometheus that cannot be read
 * is one row, down, with the reason: the live servers go on regardless.
 */
import { readPrometheus, type Get, httpGet } from '../data/prometheus/read';
import type { FleetRow } from '../state/fleet';
import type { Thresholds } from '../problems/thresholds';
import { emptyRow, prometheusRows } from '../screens/fleet/rows';

export interface PrometheusSource {
  start(): void;
  stop(): void;
}

export function prometheusSource(opts: { base: string; everyMs: () => number; live: () => string[]; publish: (rows: FleetRow[]) => void; thresholds?: Thresholds; get?: Get }): PrometheusSource {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;
  const get = opts.get ?? httpGet();
  const once = async (): Promise<void> => {
    try {
      opts.publish(prometheusRows(await readPrometheus(opts.base, get), opts.live(), opts.thresholds));
    } catch (err) {
      opts.publish([{ ...emptyRow('prometheus'), state: 'down', downReason: `${opts.base}: ${err instanceof Error ? err.message : String(err)}`, source: 'prometheus' }]);
    }
  };
  // The next read is scheduled when the previous one ended: reads never overlap.
  const loop = async (): Promise<void> => {
    await once();
    if (!stopped) timer = setTimeout(() => void loop(), opts.everyMs());
  };
  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void loop();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
