/** The xmin horizon pane's own UI state: a session (activity row key) to select once the holders have loaded. */
import { definePane } from '../../state/panes';

export interface HorizonUi {
  focus: string | null;
}

export const HORIZON_PANE = definePane<HorizonUi, { type: 'focus'; key: string | null }>('horizon', { focus: null }, (_s, a) => ({ focus: a.key }));
