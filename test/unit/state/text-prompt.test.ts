import { trusted } from '../../../src/text/sanitize';
import { describe, expect, it } from 'vitest';
import { initialUi, reduce, type UiState } from '../../../src/state/ui';

describe('text prompt', () => {
  const open = (): UiState => reduce(initialUi(), { type: 'prompt.open', table: 'notes', label: trusted('note: '), value: 'old' });

  it('edits its own line without touching any table filter', () => {
    const s = reduce(open(), { type: 'prompt.input', value: 'new text' });
    expect(s.modals[0]).toMatchObject({ kind: 'prompt', purpose: 'text', value: 'new text', label: trusted('note: ') });
    expect(s.tables.notes).toBeUndefined();
  });

  it('tells Enter with an empty line from Esc', () => {
    let s = reduce(open(), { type: 'prompt.input', value: '' });
    s = reduce(s, { type: 'prompt.submit' });
    expect(s.modals).toEqual([]);
    expect(s.answer).toMatchObject({ table: 'notes', text: '', submitted: true });
    const first = s.answer!.seq;
    s = reduce(reduce(s, { type: 'prompt.open', table: 'notes', label: trusted('note: '), value: 'typed' }), { type: 'prompt.cancel' });
    expect(s.answer).toMatchObject({ table: 'notes', text: '', submitted: false });
    expect(s.answer!.seq).toBe(first + 1);
  });

  it('leaves the filter prompt as it was: filtering while typing, Esc clearing', () => {
    let s = reduce(initialUi(), { type: 'filter.open', table: 'activity' });
    s = reduce(s, { type: 'prompt.input', value: 'vacuum' });
    expect(s.tables.activity?.filter).toBe('vacuum');
    s = reduce(s, { type: 'prompt.cancel' });
    expect(s.tables.activity?.filter).toBe('');
    expect(s.answer).toBeNull();
  });
});
