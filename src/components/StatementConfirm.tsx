import React from 'react';
import { Box, Text } from 'ink';
import { summarize, type StatementRequest } from '../actions/statementRequest';
import { joinSafe, safeLine, trusted, type SafeText } from '../text/sanitize';
import { fit, wrap } from '../text/width';
import { useTheme, type Tone } from './theme';
import { FitText } from './FitText';

/**
 * The confirmation of a statement pgwarden would run (EXPLAIN ANALYZE, a checklist fix, pgstattuple):
 * the exact statement or the question in full, what it locks or costs, how it runs and whether it
 * commits. Nothing is sent until the operator presses y. Statement text passes the boundary here.
 */
export function StatementConfirm({ request, width, height, readOnly }: { request: StatementRequest; width: number; height: number; readOnly: boolean }): React.ReactElement {
  const theme = useTheme();
  const s = summarize(request, readOnly);
  const room = Math.max(10, width - 2);
  const lines: { text: SafeText; tone?: Tone }[] = [];
  // A statement keeps its own lines (indented as written); a question is wrapped in full.
  for (const b of s.body) for (const l of request.kind === 'fix' ? [safeLine(`  ${b}`)] : wrap(safeLine(b), room)) lines.push({ text: l, tone: request.kind === 'fix' ? undefined : 'warn' });
  if (s.locks) for (const l of wrap(safeLine(s.locks), room)) lines.push({ text: l, tone: 'warn' });
  for (const l of wrap(trusted(s.how), room)) lines.push({ text: l, tone: 'muted' });
  const body = lines.slice(0, Math.max(1, height - 3));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse color={theme.tone(s.tone)}>
        {fit(theme.text(joinSafe([trusted(' '), safeLine(s.title), trusted(' ')])), width, theme.glyphs.ellipsis).padEnd(width)}
      </Text>
      {body.map((l, i) => (
        <FitText key={i} width={width} color={l.tone ? theme.tone(l.tone) : undefined} text={joinSafe([trusted(' '), l.text])} />
      ))}
      <Box flexGrow={1} />
      <FitText bold width={width} text={trusted(` ${s.yes}    ${s.no}`)} />
    </Box>
  );
}
