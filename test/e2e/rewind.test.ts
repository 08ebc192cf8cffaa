import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { withAdmin } from '../../src/lab/client';
import { lockChain } from '../../src/lab/scenarios';
import { clockTime } from '../../src/state/past';
import { testDir } from '../helpers/tmp';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

describe.skipIf(!e2e)('rewind and replay in a real terminal', () => {
  it('rewinds the live screen to before a blocker was terminated, records it, and replays the moment', async () => {
    const chain = await lockChain(e2e!.primary, { depth: 3 });
    const file = join(testDir('pgw-e2e-rec-'), 'incident.pgwrec');
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8' } });
    const { bundle, primary } = e2e!;
    const root = new RegExp(`^[▶> ] *${chain.root} `, 'm');
    try {
      term.type(`node ${bundle} --record ${file} -r 0.5 -h ${primary.host} -p ${primary.port} -U postgres postgres`);
      term.keys('Enter');
      term.keys('2');
      await term.waitFor((s) => s.includes('blocking tree') && root.test(s), 'the root blocker in the lock tree');
      // A whole second of the blocker on record after it was on screen: the moment asked for is the
      // start of that second (the snapshot shown is the last one taken at or before it).
      const before = Date.now();
      await new Promise((r) => setTimeout(r, 2100 - (before % 1000)));
      const moment = clockTime(Date.now() - 1000);
      await withAdmin(primary, (c) => c.query('SELECT pg_terminate_backend($1)', [chain.root]));
      await term.waitFor((s) => s.includes('blocking tree') && !root.test(s), 'the blocker gone from the live screen');
      // Back to the second before, while polling goes on.
      term.keys('@');
      await term.waitFor((s) => s.includes('go to'), 'the time prompt');
      term.type(moment);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('REWIND') && root.test(s), 'the blocker again, rewound');
      // The past cannot be acted on.
      term.keys('K');
      await term.waitFor((s) => s.includes('refused in the past'), 'terminate refused');
      term.keys('L');
      await term.waitFor((s) => !s.includes('REWIND') && s.includes('blocking tree') && !root.test(s), 'live again');
      term.keys('q');
      await term.waitFor((s) => !term!.alternateOn() && /[#$] $/.test(s.trimEnd() + ' '), 'quit');
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      // The same moment from the file.
      term.type(`node ${bundle} replay ${file}`);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('REPLAY') && s.includes('paused'), 'the replay');
      term.keys('2');
      await term.waitFor((s) => s.includes('blocking tree'), 'the lock tree of the recording');
      term.keys('L');
      await term.waitFor((s) => s.includes('blocking tree') && !root.test(s), 'the end of the recording: no blocker');
      term.keys('@');
      await term.waitFor((s) => s.includes('go to'), 'the time prompt');
      term.type(moment);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('REPLAY') && root.test(s), 'the blocker at its moment');
      term.keys('H');
      await term.waitFor((s) => s.includes('Timeline') && s.includes('waiting for a lock'), 'the timeline');
      term.keys('q');
      await term.waitFor(() => !term!.alternateOn(), 'quit the replay');
    } finally {
      await chain.stop();
    }
  });
});
