/** The replication pane's own UI state: the stricter lag thresholds (10 s / 60 s), which table has the cursor. */
import { definePane } from '../../state/panes';

export interface ReplicationUi {
  strict: boolean;
  focus: 'senders' | 'slots';
}

export type ReplicationUiAction = { type: 'strict' } | { type: 'focus'; focus: ReplicationUi['focus'] };

export const REPLICATION_PANE = definePane<ReplicationUi, ReplicationUiAction>('replication', { strict: false, focus: 'senders' }, (s, a) =>
  a.type === 'strict' ? { ...s, strict: !s.strict } : { ...s, focus: a.focus },
);
