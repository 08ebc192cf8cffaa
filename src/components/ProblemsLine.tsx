import React from 'react';
import { Box, Text } from 'ink';
import type { Problem } from '../problems/types';
import { trusted, type SafeText } from '../text/sanitize';
import { displayWidth, fit } from '../text/width';
import { useTheme } from './theme';

/**
 * The problems under the header: the worst first, one per line, each with its marker, its sentence
 * and the key of the pane that shows it (`[2]`). On the last line a "+N more" stays visible however
 * long the sentence is (the sentence is cut, not the count). Nothing is drawn when there is no
 * problem. `problems` must come sorted (the evaluator sorts them: critical first, then oldest).
 */
export function ProblemsLine({ problems, width, lines = 1 }: { problems: readonly Problem[]; width: number; lines?: number }): React.ReactElement | null {
  const theme = useTheme();
  if (problems.length === 0 || width <= 0) return null;
  const shown = problems.slice(0, Math.max(1, lines));
  const hidden = problems.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((p, i) => {
        const more: SafeText = i === shown.length - 1 && hidden > 0 ? trusted(` (+${hidden} more)`) : trusted('');
        // Severity markers from the glyph table survive NO_COLOR and ASCII: the colour only repeats them.
        const head = trusted(`${(p.severity === 'critical' ? theme.glyphs.alertCritical : theme.glyphs.alertWarn).padEnd(2)} `);
        const tail = trusted(` [${p.pane.key}]${more}`);
        const room = Math.max(0, width - displayWidth(head) - displayWidth(tail));
        return (
          <Text key={p.id} wrap="truncate">
            <Text color={theme.tone(p.severity === 'critical' ? 'bad' : 'warn')} bold={p.severity === 'critical'}>
              {head}
            </Text>
            {fit(p.text, room, theme.glyphs.ellipsis).trimEnd()}
            <Text color={theme.tone('info')}>{tail}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
