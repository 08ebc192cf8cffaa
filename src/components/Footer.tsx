import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme';

export interface FooterProps {
  items: { key: string; label: string }[];
  toast?: string;
  prompt?: { label: string; value: string };
  width: number;
}

/** One line: the filter prompt while typing, else a message, else the keys that apply now. */
export function Footer({ items, toast, prompt, width }: FooterProps): React.ReactElement {
  const theme = useTheme();
  if (prompt) {
    return (
      <Box width={width}>
        <Text bold color={theme.tone('info')}>
          {prompt.label}
        </Text>
        <Text wrap="truncate-start">{prompt.value}</Text>
        <Text inverse> </Text>
      </Box>
    );
  }
  if (toast) {
    return (
      <Box width={width}>
        <Text wrap="truncate" color={theme.tone('info')}>
          {toast}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width}>
      <Text wrap="truncate">
        {items.map((it, i) => (
          <React.Fragment key={it.key + it.label}>
            {i ? ' ' : ''}
            <Text inverse={theme.color} bold={!theme.color}>
              {it.key}
            </Text>
            {theme.color ? ` ${it.label}` : `:${it.label}`}
          </React.Fragment>
        ))}
      </Text>
    </Box>
  );
}
