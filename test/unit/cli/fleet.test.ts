import { describe, expect, it } from 'vitest';
import { resolveTargets } from '../../../src/cli/fleet';
import { targetSpecs } from '../../../src/fleet/targets';

describe('resolveTargets', () => {
  it('resolves each -d connection string to its own server and database (the last -d names only the last server)', async () => {
    const dbname = ['host=/run/a port=5001 dbname=one', 'host=/run/b port=5002 dbname=two'];
    const specs = targetSpecs([], { dbname, username: 'mon' })!;
    // What main passes: the command line's flags, whose dbname is the last -d.
    const conns = await resolveTargets(specs, { dbname: dbname[1], username: 'mon', neverPrompt: true });
    if ('error' in conns) throw new Error(conns.error);
    expect(conns.map((c) => `${c.target.user}@${c.target.host}:${c.target.port}/${c.target.database}`)).toEqual(['mon@/run/a:5001/one', 'mon@/run/b:5002/two']);
  });

  it('repeated -h with one -p: each host on that port', async () => {
    const specs = targetSpecs(['app'], { host: ['/run/a', '/run/b'], port: '5432' })!;
    const conns = await resolveTargets(specs, { host: '/run/b', port: '5432', neverPrompt: true });
    if ('error' in conns) throw new Error(conns.error);
    expect(conns.map((c) => `${c.target.host}:${c.target.port}/${c.target.database}`)).toEqual(['/run/a:5432/app', '/run/b:5432/app']);
  });
});
