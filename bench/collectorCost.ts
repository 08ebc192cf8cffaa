/**
 * What each collector a recording reads costs at a given load: run with `npm run bench --
 * --collectors` (2000 connections). Prints, per collector, the client-observed milliseconds of its
 * query when it ran (a collector reused from its cadence costs nothing that refresh).
 */
import { Poller } from '../src/data/poller';
import { Session } from '../src/data/db';
import type { Endpoint } from '../src/lab/types';
import { recordedCollectors } from '../src/cli/record';

export async function collectorCosts(endpoint: Endpoint, role: string, refreshes: number): Promise<{ id: string; runs: number; msMedian: number }[]> {
  const session = new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: role, database: 'postgres', application_name: 'pgwarden' }] });
  const seen = new Map<string, number[]>();
  const last = new Map<string, number>();
  const poller = new Poller(session, {
    snapshot: (s) => {
      for (const [id, r] of Object.entries(s.results)) {
        if (r.state !== 'ok' || last.get(id) === r.at) continue;
        last.set(id, r.at);
        seen.set(id, [...(seen.get(id) ?? []), r.ms]);
      }
    },
    status: () => undefined,
  });
  poller.setPlan(recordedCollectors());
  for (let i = 0; i < refreshes; i++) await poller.once();
  await session.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return [...seen].map(([id, ms]) => ({ id, runs: ms.length, msMedian: median(ms) })).sort((a, b) => b.msMedian - a.msMedian);
}
