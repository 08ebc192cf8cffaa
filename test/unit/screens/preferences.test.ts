import { describe, expect, it } from 'vitest';
import { makeTheme } from '../../../src/components/theme';
import { checkHiddenColumns, tablesFromPreferences } from '../../../src/screens/preferences';
import { Store } from '../../../src/state/store';
import { renderApp } from '../../helpers/render';
import { backend, caps, snapshot } from '../../component/fixtures';
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

  it('hidden columns name columns the pane has, in any of its views', () => {
    expect(checkHiddenColumns({ activity: ['client', 'type', 'xmin'], vacuum: ['bloat', 'scans'], statements: ['wal'], locks: ['mode'], replication: ['retained'], horizon: ['kind'] })).toEqual([]);
    expect(checkHiddenColumns({ activity: ['backend_type'] }, 'config.yaml')).toEqual([expect.stringMatching(/^config\.yaml: hidden_columns\.activity: unknown column "backend_type" \(columns: .*type/)]);
  });

  it('a hidden column is not drawn, and its room goes to the others', async () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(101)]));
    const app = await renderApp({ store, columns: 100, props: { hiddenColumns: { activity: ['database', 'user'] } } });
    try {
      const f = await app.waitFor((f) => f.includes('PID'));
      const head = f.split('\n').find((l) => l.includes('PID'))!;
      expect(head).not.toContain('DATABASE');
      expect(head).not.toContain('USER');
      expect(head).toContain('APP');
    } finally {
      app.unmount();
    }
  });

  it('the light palette trades yellow and cyan for hues that read on white', () => {
    const light = makeTheme({ color: true, unicode: true, light: true });
    expect([light.tone('warn'), light.tone('info')]).toEqual(['magenta', 'blue']);
    expect(makeTheme({ color: true, unicode: true }).tone('warn')).toBe('yellow');
    expect(makeTheme({ color: false, unicode: true, light: true }).tone('warn')).toBeUndefined();
  });
});
