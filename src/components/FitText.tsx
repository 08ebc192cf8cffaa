import React from 'react';
import { Text, type TextProps } from 'ink';
import { trusted } from '../text/sanitize';
import { fit } from '../text/width';
import { asciiMarks } from '../text/ascii';
import { useTheme } from './theme';

/**
 * One line cut to `width` cells with the theme's ellipsis. ink's own truncation always draws `…`,
 * which a terminal without UTF-8 shows as garbage. The text must already be display-safe (built
 * from our own words and sanitized server values). Without UTF-8 our typographic marks turn ASCII.
 */
export function FitText({ text, width, ...props }: { text: string; width: number } & Omit<TextProps, 'children' | 'wrap'>): React.ReactElement {
  const theme = useTheme();
  const shown = theme.unicode ? text : asciiMarks(text);
  return <Text {...props}>{fit(trusted(shown), Math.max(0, width), theme.glyphs.ellipsis).trimEnd() || ' '}</Text>;
}
