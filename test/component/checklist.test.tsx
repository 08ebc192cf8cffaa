import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { caps } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

async function open(name: string, rows = 30) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  app = await renderApp({ store, rows, columns: 120 });
  await app.press('screen.checklist');
  await app.waitFor((f) => f.includes('Weekly maintenance (34 steps)'));
  while (!app.frame().split('\n').find((l) => l.includes(` ${name} `))?.includes(name) || app.store.get().ui.tables.checklist?.selected !== name) {
    await app.press('nav.down');
  }
  await app.press('checklist.open');
  return app;
}

describe('checklist screen', () => {
  it('lists the checklists, steps through one, marks, notes and copies the remediation SQL', async () => {
    const a = await open('weekly');
    await a.waitFor((f) => f.includes('1. [') && f.includes('Top statements by total time'));
    await a.press('nav.down');
    let f = await a.waitFor((f) => f.includes('Every index is written on every insert'));
    expect(f).toContain('DROP INDEX CONCURRENTLY');
    expect(f).toContain('x runs it after confirmation');
    await a.press('checklist.done');
    await a.waitFor((f) => /2\. \[\s*-\s*\]\s+done\s+Unused indexes/.test(f));
    await a.press('checklist.done');
    await a.waitFor((f) => /2\. \[\s*-\s*\]\s+Unused indexes/.test(f));
    // A follow-up opens its note prompt at once, titled with the step and the mark.
    await a.press('checklist.followUp');
    f = await a.waitFor((f) => f.includes('Note on step 2 “Unused indexes” — marked follow-up'));
    expect(f).toContain('Enter saves · Esc cancels');
    expect(f).toMatch(/2\. \[\s*-\s*\]\s+follow\s+Unused indexes/);
    // The footer says what is typed: a note, not a filter.
    expect(f.split('\n').at(-1)).toMatch(/^note:/);
    expect(f).not.toContain('filter (text or /regex/)');
    await a.type('ask the app team');
    await a.waitFor((f) => f.includes('> ask the app team'));
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('note: ask the app team') && !f.includes('Note on step'));
    expect(f).toMatch(/2\. \[\s*-\s*\]\s+follow\s+Unused indexes/);
    // n edits it: the prompt opens with the note; Esc leaves it as it was.
    await a.press('checklist.done');
    await a.press('checklist.note');
    f = await a.waitFor((f) => f.includes('Note on step 2 “Unused indexes” — marked done') && f.includes('> ask the app team'));
    await a.type(', then drop');
    await a.press('prompt.cancel');
    f = await a.waitFor((f) => !f.includes('Note on step') && f.includes('note unchanged'));
    expect(f).toContain('note: ask the app team');
    await a.press('checklist.note');
    await a.waitFor((f) => f.includes('> ask the app team'));
    await a.type(', then drop it');
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('note: ask the app team, then drop it'));
    expect(f).toMatch(/2\. \[\s*-\s*\]\s+done\s+Unused indexes/);
    // Typed text never reaches the table filter or the checklist keys (q, d, 1 are text here).
    await a.press('checklist.note');
    await a.type(' q d 1');
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('note: ask the app team, then drop it q d 1'));
    expect(a.effects.calls).not.toContain('quit');
    expect(a.store.get().ui.screen).toBe('checklist');
    expect(a.store.get().ui.tables.checklist?.filter).toBe('');
    // Enter on an emptied line removes the note.
    await a.press('checklist.note');
    await a.waitFor((f) => f.includes('> ask the app team, then drop it q d 1'));
    a.store.dispatch({ type: 'prompt.input', value: '' });
    await a.press('prompt.submit');
    f = await a.waitFor((f) => f.includes('note removed'));
    expect(f).not.toContain('note: ask the app team');
    await a.press('checklist.copy');
    expect(a.effects.calls.some((c) => c.startsWith('copy:DROP INDEX CONCURRENTLY'))).toBe(true);
    await a.press('checklist.run');
    await a.waitFor((f) => f.includes('checks need a connection'));
    await a.press('checklist.back');
    await a.waitFor((f) => f.includes('Weekly maintenance (34 steps)'));
  });

  it('opens the pane a runbook step names', async () => {
    const a = await open('overloaded');
    await a.waitFor((f) => f.includes('Find long-running queries') && f.includes('enter: open the activity pane'));
    await a.press('checklist.open');
    await a.waitFor(() => a.store.get().ui.screen === 'activity');
    expect(a.store.get().ui.modals).toEqual([]);
  });
});
