import React from 'react';
import { Box, Text } from 'ink';
import { BOUNCER_EFFECT, type BouncerRequest } from '../actions/pgbouncer';
import { safeLine } from '../text/sanitize';
import { wrap } from '../text/width';
import { useTheme } from './theme';

/** The confirmation of a PgBouncer console command: what it does to which database. */
export function BouncerConfirm({ request, width, height }: { request: BouncerRequest; width: number; height: number }): React.ReactElement {
  const theme = useTheme();
  const word = request.command.toUpperCase();
  const db = safeLine(request.database);
  const room = Math.max(10, width - 2);
  const lines = [
    ...wrap(safeLine(`PgBouncer database ${db}: ${BOUNCER_EFFECT[request.command]}.`), room).map((text) => ({ text, warn: false })),
    ...request.notes.flatMap((n) => wrap(safeLine(`! ${n}`), room).map((text) => ({ text, warn: true }))),
  ].slice(0, Math.max(1, height - 3));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse color={theme.tone(request.command === 'kill' ? 'bad' : 'warn')} wrap="truncate">
        {` ${word} ${db}? `.padEnd(width)}
      </Text>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" color={l.warn ? theme.tone('warn') : undefined}>
          {' ' + l.text}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text bold wrap="truncate">
        {` y: send ${word} ${db}    n / Esc: send nothing`}
      </Text>
    </Box>
  );
}
