import React from 'react';
import { Text, type TextProps } from 'ink';
import { joinSafe, safeMsg, trusted, type SafeText } from '../text/sanitize';
import { fit } from '../text/width';
import { useTheme } from './theme';

/**
 * One line cut to `width` cells with the theme's ellipsis. ink's own truncation always draws `…`,
 * which a terminal without UTF-8 shows as garbage. The text must already be display-safe (built
 * from our own words and sanitized server values): the type says so, a plain string is refused.
 * Without UTF-8 our typographic marks turn ASCII.
 */
export function FitText({ text, width, ...props }: { text: SafeText; width: number } & Omit<TextProps, 'children' | 'wrap'>): React.ReactElement {
  const theme = useTheme();
  return <Text {...props}>{fit(theme.text(text), Math.max(0, width), theme.glyphs.ellipsis).trimEnd() || ' '}</Text>;
}

/**
 * A pane title with its filter after it. The filter may come from a checklist jump (a table or
 * role name from the server) as well as from the keyboard: it passes the boundary like any value.
 */
export function withFilter(title: string, filter: string | null | undefined, separator: string): SafeText {
  return filter ? safeMsg`${title} ${separator} filter: ${filter}` : trusted(title);
}

/** A piece of a {@link FitParts} line, in its own colour. */
export interface Part {
  /** Display-safe, as for FitText. */
  text: SafeText;
  color?: string;
  bold?: boolean;
}

/**
 * One line of pieces cut to `width` cells as a whole: each piece keeps its colour, the ellipsis
 * goes where the line runs out. The pieces must be display-safe, as for FitText.
 */
export function FitParts({ parts, width }: { parts: readonly Part[]; width: number }): React.ReactElement {
  const theme = useTheme();
  const all = joinSafe(parts.map((p) => theme.text(p.text)), trusted(''));
  const line = fit(all, Math.max(0, width), theme.glyphs.ellipsis).trimEnd();
  // Cut the shown line back into the pieces it came from (fit keeps a prefix, then the ellipsis).
  let at = 0;
  const out: React.ReactElement[] = [];
  parts.forEach((p, i) => {
    const t = theme.text(p.text);
    const piece = line.slice(at, at + t.length);
    at += t.length;
    if (piece) out.push(<Text key={i} color={p.color} bold={p.bold}>{piece}</Text>);
  });
  return <Text>{out.length ? out : ' '}</Text>;
}
