import { describe, expect, it } from 'vitest';
import { ChecklistController } from '../../../src/checklists/controller';
import { Store } from '../../../src/state/store';

describe('the checklist session in the store', () => {
  it('lives in the store the controller was given: the App renders it from there, and one store change notifies', async () => {
    const store = new Store();
    let notified = 0;
    store.subscribe(() => notified++);
    const ctl = new ChecklistController(undefined, store.checklist);
    await ctl.load();
    expect(store.get().checklist.defs.map((d) => d.id)).toContain('weekly');
    expect(notified).toBeGreaterThan(0);
    await ctl.open('weekly');
    expect(store.get().checklist).toBe(ctl.get());
    expect(store.get().checklist).toMatchObject({ mode: 'steps', def: { id: 'weekly' }, message: 'new session' });
  });

  it('is no singleton: two stores keep two sessions apart', async () => {
    const a = new Store();
    const b = new Store();
    const ca = new ChecklistController(undefined, a.checklist);
    const cb = new ChecklistController(undefined, b.checklist);
    await Promise.all([ca.load(), cb.load()]);
    await ca.open('weekly');
    expect(a.get().checklist.mode).toBe('steps');
    expect(b.get().checklist.mode).toBe('pick');
    expect(cb.get().session).toBeUndefined();
  });
});
