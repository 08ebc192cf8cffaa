import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme';
import { FitText } from './FitText';
import type { FooterItem } from './keyhelp';
import { safe, type SafeText } from '../text/sanitize';

export interface FooterProps {
  items: FooterItem[];
  /** Display-safe only: a message can hold server text (a role, an error), see text/sanitize. */
  toast?: SafeText;
  prompt?: { label: SafeText; value: string };
  width: number;
}

const sameItems = (a: readonly FooterItem[], b: readonly FooterItem[]): boolean =>
  a.length === b.length && a.every((x, i) => x.key === b[i]!.key && x.label === b[i]!.label && x.pinned === b[i]!.pinned);

/**
 * One line: the filter prompt while typing, else a message, else the keys that apply now. The App
 * makes its items anew each refresh, nearly always the same ones: compared by what they say, an
 * unchanged footer is not rendered, committed or laid out again.
 */
export const Footer = memo(
  FooterLine,
  (a, b) => a.width === b.width && a.toast === b.toast && a.prompt?.label === b.prompt?.label && a.prompt?.value === b.prompt?.value && sameItems(a.items, b.items),
);

function FooterLine({ items, toast, prompt, width }: FooterProps): React.ReactElement {
  const theme = useTheme();
  if (prompt) {
    return (
      <Box width={width}>
        <Text bold color={theme.tone('info')}>
          {prompt.label}
        </Text>
        {/* The value can be filled from the server (a checklist's jump puts a table or role name in the
            filter): it passes the boundary, spaces kept as typed, as in the checklist's own prompt. */}
        <Text wrap="truncate-start">{safe(prompt.value.replace(/[\r\n\t]+/g, ' '))}</Text>
        <Text inverse> </Text>
      </Box>
    );
  }
  if (toast) {
    return (
      <Box width={width}>
        <FitText color={theme.tone('info')} text={toast} width={width} />
      </Box>
    );
  }
  // Whole items only: the keys that fit are shown, the rest are in help. Pinned items (help,
  // quit) are always kept: their room is taken first.
  const cost = (it: FooterItem) => it.key.length + it.label.length + 2;
  let used = items.filter((it) => it.pinned).reduce((n, it) => n + cost(it), 0);
  const shown = items.filter((it) => {
    if (it.pinned) return true;
    if (used + cost(it) > width) return false;
    used += cost(it);
    return true;
  });
  return (
    <Box width={width}>
      <Text>
        {shown.map((it, i) => (
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
