import React from 'react';
import { Box } from 'ink';
import { useTheme } from '../../components/theme';
import { FitText } from '../../components/FitText';
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
  const inner = Math.max(1, width - 4); // the border and the padding
  const start = Math.max(0, Math.min(view.cursor - Math.floor(shown / 2), view.rows.length - shown));
  return (
    <Box flexDirection="column" borderStyle={theme.unicode ? 'round' : 'classic'} width={width} paddingX={1}>
      <FitText bold width={inner} text={view.title} />
      <FitText width={inner} color={theme.tone('info')} text={view.header} />
      {view.rows.slice(start, start + shown).map((r, i) => (
        <FitText key={start + i} width={inner} inverse={start + i === view.cursor} text={r} />
      ))}
      {view.hint.map((h, i) => (
        <FitText key={`h${i}`} width={inner} color={theme.tone('muted')} text={h} />
      ))}
    </Box>
  );
}
