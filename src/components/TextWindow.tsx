import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme';
import { FitText } from './FitText';
import { joinSafe, trusted, type SafeText } from '../text/sanitize';
import { wrap } from '../text/width';

export interface TextWindowProps {
  title: SafeText;
  lines: readonly string[];
  scroll: number;
  width: number;
  height: number;
  footer?: SafeText;
}

/** A display-safe text (sanitized with safe() when the window was opened) as the window's wrapped lines; it stays display-safe when split. */
export function windowLines(text: SafeText, width: number): string[] {
  return text.split('\n').flatMap((l) => wrap(trusted(l), Math.max(10, width - 1)));
}

/**
 * A full-pane scrollable text window (full query, help). Lines must already be display-safe and
 * wrapped to the width; only the visible ones become elements.
 */
export function TextWindow({ title, lines, scroll, width, height, footer }: TextWindowProps): React.ReactElement {
  const theme = useTheme();
  const body = Math.max(1, height - 2);
  const top = Math.min(scroll, Math.max(0, lines.length - body));
  const visible = lines.slice(top, top + body);
  const pos = lines.length > body ? ` ${top + 1}-${Math.min(lines.length, top + body)}/${lines.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold inverse text={joinSafe([trusted(' '), title, trusted(`${pos} `)])} width={width} />
      {visible.map((l, i) => (
        <Text key={top + i} wrap="truncate">
          {theme.text(l) || ' '}
        </Text>
      ))}
      <Box flexGrow={1} />
      <FitText dimColor text={footer ?? trusted('')} width={width} />
    </Box>
  );

}
