import { afterAll, describe, expect, it } from 'vitest';

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

// The snapshot builder runs with no CI in its environment (scripts/dist.mjs, snapshotBuildEnv):
// ink, which reads it when loaded, draws as it does on a terminal. So here, ink loaded after.
const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
const { warmUp } = await import('../../../src/cli/warm-up');
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
});

describe("the single executable's warm-up frame (drawn while its startup snapshot is built)", () => {
  it('draws the activity pane with its synthetic rows, then leaves no handle or timer behind', async () => {
    const before = process.getActiveResourcesInfo().sort();
    const out = strip(await warmUp());
    expect(out).toMatch(/Activity/);
    expect(out).toMatch(/1010 +shop +app +web-1 .* waiting /);
    expect(out).toContain("UPDATE orders SET status = 'shipped' WHERE id = 8");
    // The snapshot builder cannot hold a handle. (Signals: ink's subscription ends with the
    // instance; restore-cursor's lasts for good here, and the single executable's build swaps it
    // for one the warm-up ends, scripts/dist.mjs: that build aborts on anything left.)
    await new Promise((r) => setImmediate(r));
    expect(process.getActiveResourcesInfo().sort()).toEqual(before);
  });
});
