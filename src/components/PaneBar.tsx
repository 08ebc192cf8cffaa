import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme';

export interface PaneTab {
  key: string;
  /** A short lowercase name: the pane's title stays the pane's own first line. */
  name: string;
  current: boolean;
}

/**
 * One line naming every pane and its key, the current one in brackets (readable without colour),
 * so a new user finds the panes without opening help. The App makes its tabs anew each refresh:
 * compared by what they say, an unchanged bar is not rendered again.
 */
export const PaneBar = memo(
  Tabs,
  (a, b) =>
    a.width === b.width &&
    a.tabs.length === b.tabs.length &&
    a.tabs.every((t, i) => t.key === b.tabs[i]!.key && t.name === b.tabs[i]!.name && t.current === b.tabs[i]!.current),
);

function Tabs({ tabs, width }: { tabs: PaneTab[]; width: number }): React.ReactElement {
  const theme = useTheme();
  const parts = tabs.map((t) => (t.current ? `[${t.key} ${t.name}]` : ` ${t.key} ${t.name} `));
  let used = 0;
  const shown = parts.filter((p) => (used += p.length + 1) <= width + 1);
  return (
    <Box width={width}>
      <Text wrap="truncate">
        {shown.map((p, i) => (
          <React.Fragment key={p}>
            {i ? ' ' : ''}
            {tabs[i]!.current ? (
              <Text bold inverse={theme.color}>
                {p}
              </Text>
            ) : (
              <Text dimColor={theme.color}>{p}</Text>
            )}
          </React.Fragment>
        ))}
      </Text>
    </Box>
  );
}
