import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../../components/theme';
import { safeLine, trusted } from '../../text/sanitize';
import type { ControllerState } from './controller';
import { FixConfirm } from './FixConfirm';
import { detailLines, listRows } from './model';

export interface ChecklistScreenProps {
  state: ControllerState;
  selected: string | null;
  width: number;
  height: number;
}

/** The picker or the stepper: a list on top, the selected entry's details below. */
export function ChecklistScreen({ state, selected, width, height }: ChecklistScreenProps): React.ReactElement {
  const theme = useTheme();
  const rows = listRows(state);
  const title =
    state.mode === 'pick' || !state.def
      ? 'Checklists — enter opens, ↑/↓ move'
      : `${state.def.title} — r check, R check all, d done, s skip, f follow-up, n note, y copy SQL, x run fix, enter open pane, F finish, esc back`;
  const listRoom = Math.max(3, Math.min(rows.length, Math.floor((height - 2) / 2)));
  const idx = Math.max(0, rows.findIndex((r) => r.key === selected));
  const start = Math.max(0, Math.min(idx - Math.floor(listRoom / 2), rows.length - listRoom));
  const detailRoom = Math.max(1, height - 2 - Math.min(listRoom, rows.length) - (state.message ? 1 : 0));
  const details = detailLines(state, selected, Math.max(1, detailRoom - 6)).slice(0, detailRoom);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate" bold>
        {trusted(title)}
      </Text>
      {rows.slice(start, start + listRoom).map((r) => (
        <Text key={r.key} wrap="truncate" inverse={r.key === selected} color={r.tone ? theme.tone(r.tone) : undefined}>
          {r.text}
        </Text>
      ))}
      <Text wrap="truncate" color={theme.tone('muted')}>
        {trusted((theme.unicode ? '─' : '-').repeat(Math.max(0, width)))}
      </Text>
      {state.pendingFix ? <FixConfirm fix={state.pendingFix} width={width} /> : null}
      {(state.pendingFix ? [] : details).map((l, i) => (
        <Text key={i} wrap="truncate" color={l.tone ? theme.tone(l.tone) : undefined}>
          {l.text}
        </Text>
      ))}
      {state.message ? (
        <Text wrap="truncate" color={theme.tone('info')}>
          {safeLine(state.message)}
        </Text>
      ) : null}
    </Box>
  );
}
