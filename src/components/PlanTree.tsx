import React, { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import type { PlanLine } from '../explain/render';
import { joinSafe, safeLine, trusted, type SafeText } from '../text/sanitize';
import { displayWidth, fit } from '../text/width';
import { windowTop } from './table-layout';
import { useTheme, type Tone } from './theme';

export interface PlanTreeProps {
  lines: readonly PlanLine[];
  selectedId: string | null;
  width: number;
  height: number;
}

const Row = memo(function Row({ text, selected, tone, bold }: { text: string; selected: boolean; tone?: Tone; bold: boolean }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate" inverse={selected} bold={bold} color={tone ? theme.tone(tone) : undefined}>
      {text}
    </Text>
  );
});

/**
 * An EXPLAIN plan as a foldable tree: one line per visible node with its figures on the right.
 * Flagged nodes are marked (`!!` bad, `!` warning) and coloured; the most expensive nodes are bold.
 * Only the lines that fit are turned into elements. Labels come from the server and are sanitized.
 */
export function PlanTree({ lines, selectedId, width, height }: PlanTreeProps): React.ReactElement {
  const theme = useTheme();
  const topRef = useRef(0);
  const sel = selectedId === null ? -1 : lines.findIndex((l) => l.nodeId === selectedId);
  const top = windowTop(lines.length, height, sel, topRef.current);
  topRef.current = top;
  const visible = lines.slice(top, top + height);
  const room = Math.max(10, width - 1);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {visible.map((l) => {
        const selected = l.nodeId === selectedId;
        const mark = l.flag === 'bad' ? '!!' : l.flag === 'warn' ? '! ' : '  ';
        const fold = l.hidden ? ` [+${l.hidden}]` : '';
        // Folded before measuring (LANG=C): the figures' separators are not ASCII.
        const left: SafeText = theme.text(joinSafe([trusted(`${selected ? theme.glyphs.pointer : ' '}${mark} ${l.prefix}`), safeLine(l.label), trusted(fold)]));
        const full = theme.text(trusted(l.metrics));
        // Figures sit on the right. When the line is too long the label is cut, never the self
        // share; at 80 columns the figures shrink to the self part first.
        const metrics = displayWidth(left) + 2 + displayWidth(full) <= room || room - 2 - displayWidth(full) >= 30 ? full : theme.text(trusted(l.self));
        const need = displayWidth(left) + 2 + displayWidth(metrics);
        const text =
          need <= room
            ? left + ' '.repeat(room - displayWidth(left) - displayWidth(metrics)) + metrics
            : joinSafe([fit(left, Math.max(1, room - 2 - displayWidth(metrics)), theme.glyphs.ellipsis), trusted('  '), metrics]);
        const tone: Tone | undefined = l.flag === 'bad' ? 'bad' : l.flag === 'warn' ? 'warn' : undefined;
        return <Row key={l.nodeId} text={text} selected={selected} tone={tone} bold={l.hot > 0} />;
      })}
    </Box>
  );
}
