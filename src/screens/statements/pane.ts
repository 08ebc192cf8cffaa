/** The statements pane's own UI state: the column set, rates or totals, pgwarden's own statements. */
import { definePane } from '../../state/panes';
import { INITIAL_STATEMENTS_UI, STATEMENT_VIEWS, type StatementsUi } from './model';

export type StatementsUiAction = { type: 'nextView' } | { type: 'toggleMode' } | { type: 'toggleOwn' };

function reduce(s: StatementsUi, a: StatementsUiAction): StatementsUi {
  switch (a.type) {
    case 'nextView':
      return { ...s, view: STATEMENT_VIEWS[(STATEMENT_VIEWS.indexOf(s.view) + 1) % STATEMENT_VIEWS.length]! };
    case 'toggleMode':
      return { ...s, mode: s.mode === 'interval' ? 'total' : 'interval' };
    case 'toggleOwn':
      return { ...s, showOwn: !s.showOwn };
  }
}

export const STATEMENTS_PANE = definePane('statements', INITIAL_STATEMENTS_UI, reduce);
