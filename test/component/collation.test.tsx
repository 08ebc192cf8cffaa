/**
 * A refresh does not reach ICU's collation: `localeCompare` loads its data on first use, which
 * kept 1.5-2 MB more of the single executable resident (issue 18), and each call goes through a
 * collator. The strings ordered on the refresh path (pane keys, problem ids, statement keys) are
 * identifiers ordered by code unit (src/text/order.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byWeight, type Problem } from '../../src/problems';
import { Store } from '../../src/state/store';
import { initialUi } from '../../src/state/ui';
import { safeLine } from '../../src/text/sanitize';
import { compareIds } from '../../src/text/order';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, snapshot } from './fixtures';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  vi.restoreAllMocks();
});

const problem = (id: string): Problem => ({ id, severity: 'warning', subject: { kind: 'pid', value: id }, text: safeLine(id), pane: { screen: 'activity', key: '1' }, since: 0 });

describe('no collation on the refresh path', () => {
  it('the activity pane drawn for two refreshes calls no localeCompare', async () => {
    const spy = vi.spyOn(String.prototype, 'localeCompare');
    const store = new Store(initialUi({ screen: 'activity' }));
    store.setStatus({ state: 'ready' }, caps);
    app = await renderApp({ store, columns: 140, rows: 30 });
    store.pushSnapshot(snapshot([backend(10, { query: 'select alpha' }), backend(11)], 1));
    await app.waitFor((f) => f.includes('alpha'));
    store.pushSnapshot(snapshot([backend(10, { query: 'select bravo' }), backend(11)], 2));
    await app.waitFor((f) => f.includes('bravo'));
    expect(spy).not.toHaveBeenCalled();
  });

  it('problems of the same weight are ordered by id without a collator', () => {
    const spy = vi.spyOn(String.prototype, 'localeCompare');
    expect([problem('pid:20'), problem('conn'), problem('pid:10')].sort(byWeight).map((p) => p.id)).toEqual(['conn', 'pid:10', 'pid:20']);
    expect(spy).not.toHaveBeenCalled();
  });

  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['P', 'P', 0],
    ['Z', 'a', -1],
    ['10', '9', -1],
  ])('compareIds(%s, %s) is %i', (a, b, sign) => expect(Math.sign(compareIds(a, b))).toBe(sign));
});
