import { describe, expect, it } from 'vitest';
import { makeTheme } from '../../../src/components/theme';
import { tablesFromPreferences } from '../../../src/screens/preferences';
import { initialUi } from '../../../src/state/ui';

describe("the preferences file's pane settings", () => {
  it('a default sort sets the table the pane opens with', () => {
    const r = tablesFromPreferences({ activity: { column: 'qage', descending: true }, vacuum: { column: 'deadShare', descending: false } });
    expect(r.errors).toEqual([]);
    const ui = initialUi({ tables: r.tables });
    expect(ui.tables.activity).toMatchObject({ sortColumn: 'qage', desc: true, filter: '', selected: null });
    expect(ui.tables['vacuum.tables']).toMatchObject({ sortColumn: 'deadShare', desc: false });
  });

  it('an unknown column, or a pane without a sort, is an error naming the file and the key', () => {
    const r = tablesFromPreferences({ activity: { column: 'duration', descending: true }, locks: { column: 'pid', descending: false } }, '/home/u/.config/pgwarden/config.yaml');
    expect(r.tables).toEqual({});
    expect(r.errors).toEqual([
      expect.stringMatching(/^\/home\/u\/\.config\/pgwarden\/config\.yaml: default_sort\.activity: unknown column "duration" \(columns: pid, .*xact/),
      expect.stringMatching(/config\.yaml: default_sort\.locks: the locks pane has no sort/),
    ]);
  });

  it('the light palette trades yellow and cyan for hues that read on white', () => {
    const light = makeTheme({ color: true, unicode: true, light: true });
    expect([light.tone('warn'), light.tone('info')]).toEqual(['magenta', 'blue']);
    expect(makeTheme({ color: true, unicode: true }).tone('warn')).toBe('yellow');
    expect(makeTheme({ color: false, unicode: true, light: true }).tone('warn')).toBeUndefined();
  });
});
