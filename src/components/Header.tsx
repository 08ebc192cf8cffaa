import React from 'react';
import { Box, Text } from 'ink';
import type { Severity } from '../problems/thresholds';
import type { SafeText } from '../text/sanitize';
import { trusted } from '../text/sanitize';
import { useTheme, type Tone } from './theme';
import { FitParts, FitText, type Part } from './FitText';

export const HEADER_LINES = 3;

/** A piece of a header line; a figure past its threshold carries its severity. */
export interface HeaderPart {
  text: SafeText;
  severity?: Severity;
}

/** The header's three lines as words (screens/headerModel.ts computes them from the store). */
export interface HeaderLines {
  line1: SafeText;
  /** Inverse markers on the right of the first line (STALE, PAUSED, READ-ONLY, replication). */
  flags: { text: string; tone: Tone }[];
  line2: HeaderPart[];
  /** The third line: figures, or the connection's trouble in their place. */
  line3: HeaderPart[];
  status?: { text: SafeText; tone: 'bad' | 'warn' };
}

/** The summary header: what server, how busy, how healthy, and whether what you see is live. */
export function HeaderView({ lines, width }: { lines: HeaderLines; width: number }): React.ReactElement {
  const theme = useTheme();
  // A figure past its threshold: coloured, and a marker after it that reads without colour.
  const parts = (ps: readonly HeaderPart[]): Part[] =>
    ps.flatMap((p): Part[] => {
      if (!p.severity) return [{ text: p.text }];
      const crit = p.severity === 'critical';
      const color = theme.tone(crit ? 'bad' : 'warn');
      return [{ text: p.text, color, bold: crit }, { text: trusted(` ${crit ? theme.glyphs.alertCritical : theme.glyphs.alertWarn}`), color, bold: true }];
    });
  const { line1, flags, line2, line3, status } = lines;
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Box flexGrow={1}>
          <FitText bold text={line1} width={width - flags.reduce((n, f) => n + f.text.length + 2, 0)} />
        </Box>
        {flags.map((f) => (
          <Text key={f.text} inverse color={theme.tone(f.tone)}>
            {` ${f.text} `}
          </Text>
        ))}
      </Box>
      <FitParts parts={parts(line2)} width={width} />
      {status ? <FitText color={theme.tone(status.tone)} bold text={status.text} width={width} /> : <FitParts parts={parts(line3)} width={width} />}
    </Box>
  );
}
