import React from 'react';
import { Box, Text } from 'ink';
import type { Problem } from '../problems/types';
import { trusted } from '../text/sanitize';
import { fit, wrap } from '../text/width';
import { useTheme } from './theme';

export interface ProblemsWindowProps {
  /** Sorted worst first, as the store holds them. */
  problems: readonly Problem[];
  /** The entry under the cursor (a problem id); the first when null or gone. */
  selected: string | null;
  /** The pane a problem opens, by screen id ("Locks"). */
  paneTitle(screen: string): string;
  /** How the keys read here ("Enter", "Esc"). */
  keys: { jump: string; close: string };
  width: number;
  height: number;
}

interface Line {
  entry: number;
  kind: 'first' | 'more' | 'pane';
  head: string;
  text: string;
  severity: Problem['severity'];
}

/**
 * The problems list (`!`): each entry its severity (marker and word, so it reads without colour),
 * its sentence, and the key of the pane that shows the culprit. The cursor's entry stays in view.
 */
export function ProblemsWindow({ problems, selected, paneTitle, keys, width, height }: ProblemsWindowProps): React.ReactElement {
  const theme = useTheme();
  const g = theme.glyphs;
  const at = Math.max(0, problems.findIndex((p) => p.id === selected));
  const lines: Line[] = [];
  problems.forEach((p, i) => {
    const mark = (p.severity === 'critical' ? g.alertCritical : g.alertWarn).padEnd(2);
    const head = `${i === at ? g.pointer : ' '} ${mark} ${p.severity === 'critical' ? 'CRITICAL' : 'warning '} `;
    const body = wrap(p.text, Math.max(10, width - head.length - 1));
    const indent = ' '.repeat(head.length);
    body.forEach((text, j) => lines.push({ entry: i, kind: j === 0 ? 'first' : 'more', head: j === 0 ? head : indent, text, severity: p.severity }));
    const pane = `key ${p.pane.key}: ${paneTitle(p.pane.screen)}${p.pane.row ? ', the culprit selected' : ''}`;
    lines.push({ entry: i, kind: 'pane', head: indent, text: pane, severity: p.severity });
  });
  const title = problems.length
    ? `Problems (${problems.length}), worst first ${g.dash} ${keys.jump} opens the pane at the culprit, ${keys.close} closes`
    : `No problems: every figure is within its thresholds ${g.dash} ${keys.close} closes`;
  const body = Math.max(1, height - 2);
  const first = lines.findIndex((l) => l.entry === at);
  const last = lines.length - 1 - [...lines].reverse().findIndex((l) => l.entry === at);
  // Scroll so the cursor's entry is whole on screen when it fits, its first line otherwise.
  const start = Math.max(0, Math.min(first, last - body + 1, lines.length - body));
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold>{fit(trusted(title), width, g.ellipsis).trimEnd()}</Text>
      <Text color={theme.tone('muted')}>{g.hline.repeat(Math.max(0, width))}</Text>
      {lines.slice(start, start + body).map((l, i) => (
        <Text key={`${start + i}`} wrap="truncate">
          <Text color={l.kind === 'first' ? theme.tone(l.severity === 'critical' ? 'bad' : 'warn') : undefined} bold={l.entry === at}>
            {l.head}
          </Text>
          <Text color={l.kind === 'pane' ? theme.tone('info') : undefined} bold={l.entry === at && l.kind !== 'pane'}>
            {l.text}
          </Text>
        </Text>
      ))}
    </Box>
  );
}
