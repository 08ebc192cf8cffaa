/**
 * The monitor's first refresh goes to the server before the screen is drawn, and the screen is
 * drawn once, with it (src/cli/tui.tsx startBeforeDrawing).
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { buildServer, type ServerRuntime } from '../../src/fleet/server';
import { startBeforeDrawing } from '../../src/cli/tui';
import { trusted } from '../../src/text/sanitize';
import { labClusters } from './setup/clusters';
import { pgwardenPlan } from './setup/pg';
import type { ClusterInfo } from './setup/types';

describe.each(labClusters())('the first refresh on PostgreSQL $version', (cluster: ClusterInfo) => {
  const monitor = async (): Promise<ServerRuntime> => {
    const poll = new Session(pgwardenPlan(cluster.primary, 'postgres', 'postgres'));
    const action = new Session(pgwardenPlan(cluster.primary, 'postgres', 'postgres'));
    await poll.connect();
    const caps = await probe(poll);
    return buildServer({ poll, action, caps, target: 'first', readOnly: true, intervalMs: 1000, fixDeadlineMs: 65_000, copy: () => trusted(''), quit: () => undefined });
  };

  it('is sent at once: drawn after no wait, the screen finds it under way', async () => {
    const server = await monitor();
    try {
      await startBeforeDrawing(server, false, 0);
      // Past connecting without a round trip (the clock was read before): its first statement is
      // on the wire, and its answer cannot have been read yet (nothing has yielded to I/O since).
      expect(server.store.get().status.state).toBe('ready');
      expect(server.store.get().snapshot).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('is in the first screen drawn, with the pane\'s plan, when it comes within the wait', async () => {
    const server = await monitor();
    try {
      // The wait ends with the first snapshot (this one is long enough never to end it here).
      await startBeforeDrawing(server, false, 60_000);
      const { results } = server.store.get().snapshot!;
      expect(results.activity?.state).toBe('ok');
      expect(results.summary?.state).toBe('ok');
    } finally {
      await server.close();
    }
  });
});
