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

/** A piece of a {@link FitParts} line, in its own colour. */
export interface Part {
  text: string;
  color?: string;
  bold?: boolean;
}

/**
 * One line of pieces cut to `width` cells as a whole: each piece keeps its colour, the ellipsis
 * goes where the line runs out. The pieces must be display-safe, as for FitText.
 */
export function FitParts({ parts, width }: { parts: readonly Part[]; width: number }): React.ReactElement {
  const theme = useTheme();
  const all = parts.map((p) => (theme.unicode ? p.text : asciiMarks(p.text))).join('');
  const line = fit(trusted(all), Math.max(0, width), theme.glyphs.ellipsis).trimEnd();
  // Cut the shown line back into the pieces it came from (fit keeps a prefix, then the ellipsis).
  let at = 0;
  const out: React.ReactElement[] = [];
  parts.forEach((p, i) => {
    const t = theme.unicode ? p.text : asciiMarks(p.text);
    const piece = line.slice(at, at + t.length);
    at += t.length;
    if (piece) out.push(<Text key={i} color={p.color} bold={p.bold}>{piece}</Text>);
  });
  return <Text>{out.length ? out : ' '}</Text>;
}
