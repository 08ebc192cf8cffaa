import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../../components/theme';
import { FitText } from '../../components/FitText';
import { safe } from '../../text/sanitize';
import type { PromptView } from './model';

export interface PromptBoxProps {
  view: PromptView;
  /** The text typed so far (raw: sanitized here, as everything typed or read is before display). */
  value: string;
  width: number;
}

/** Lines the box takes besides its context lines: two borders, title, the typed line, the keys. */
export const PROMPT_LINES = 5;

/** The checklist's own prompt: which step and what is asked, the line being typed, its keys. */
export function PromptBox({ view, value, width }: PromptBoxProps): React.ReactElement {
  const theme = useTheme();
  const inner = Math.max(1, width - 4); // the border and the padding
  return (
    <Box flexDirection="column" borderStyle={theme.unicode ? 'round' : 'classic'} width={width} paddingX={1}>
      <FitText bold width={inner} text={view.title} />
      {view.lines.map((l, i) => (
        <FitText key={i} width={inner} color={theme.tone('muted')} text={l} />
      ))}
      <Box>
        <Text color={theme.tone('info')}>{'> '}</Text>
        {/* One line, spaces kept as typed (a trailing one too); the end stays in view, where the typing happens. */}
        <Text wrap="truncate-start">{safe(value.replace(/[\r\n\t]+/g, ' '))}</Text>
        <Text inverse> </Text>
      </Box>
      <FitText width={inner} color={theme.tone('muted')} text={view.hint} />
    </Box>
  );
}
