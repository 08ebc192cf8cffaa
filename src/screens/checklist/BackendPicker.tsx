import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../../components/theme';
import type { PickerView } from './model';

export interface BackendPickerProps {
  view: PickerView;
  width: number;
  /** Lines available for the rows. */
  room: number;
}

/** Lines the box takes besides the rows: two borders, title, column names, two lines of help. */
export const PICKER_LINES = 6;

/** The sessions a step's check found, one chosen for a cancel or terminate that is confirmed next. */
export function BackendPicker({ view, width, room }: BackendPickerProps): React.ReactElement {
  const theme = useTheme();
  const shown = Math.max(1, room);
  const start = Math.max(0, Math.min(view.cursor - Math.floor(shown / 2), view.rows.length - shown));
  return (
    <Box flexDirection="column" borderStyle={theme.unicode ? 'round' : 'classic'} width={width} paddingX={1}>
      <Text bold wrap="truncate">
        {view.title}
      </Text>
      <Text wrap="truncate" color={theme.tone('info')}>
        {view.header}
      </Text>
      {view.rows.slice(start, start + shown).map((r, i) => (
        <Text key={start + i} wrap="truncate" inverse={start + i === view.cursor}>
          {r}
        </Text>
      ))}
      {view.hint.map((h, i) => (
        <Text key={`h${i}`} wrap="truncate" color={theme.tone('muted')}>
          {h}
        </Text>
      ))}
    </Box>
  );
}
