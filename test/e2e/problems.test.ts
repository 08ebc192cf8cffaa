import { afterEach, describe, expect, inject, it } from 'vitest';
import { lockChain } from '../../src/lab/scenarios';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

describe.skipIf(!e2e)('problems in a real terminal', () => {
  it('names the lock pile-up culprit under the header without a key; its key lands on its row', async () => {
    // Five waiters behind the root: the root blocks five sessions (critical, past four), so it is
    // the worst problem and the one on the line.
    const chain = await lockChain(e2e!.primary, { depth: 5 });
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8' } });
    try {
      const { bundle, primary } = e2e!;
      term.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U postgres postgres`);
      term.keys('Enter');
      const culprit = new RegExp(`^!! pid ${chain.root} \\(.*\\[2\\]`, 'm');
      // No key pressed: the problems line (the line under the three header lines) names the root.
      const s = await term.waitFor((s) => culprit.test(s), 'the culprit on the problems line');
      const line = s.split('\n')[3]!;
      expect(line).toMatch(culprit);
      expect(line).toContain('blocks 5 sessions');
      const onRoot = new RegExp(`^[▶>] *${chain.root} `, 'm');
      term.keys('2');
      await term.waitFor((s) => s.includes('blocking tree') && onRoot.test(s), 'locks pane, cursor on the culprit');
      // The same through the list: back to activity, !, Enter on the worst.
      term.keys('1');
      await term.waitFor((s) => !s.includes('blocking tree'), 'activity');
      term.keys('!');
      await term.waitFor((s) => /Problems \(\d+\)/.test(s) && s.includes(`CRITICAL pid ${chain.root}`), 'problems list');
      term.keys('Enter');
      await term.waitFor((s) => s.includes('blocking tree') && onRoot.test(s), 'locks pane from the list, cursor on the culprit');
      term.keys('q');
      await term.waitFor((s) => !s.includes('blocking tree'), 'quit');
    } finally {
      await chain.stop();
    }
  });
});
