import React from 'react';
import { Box, Text } from 'ink';
import type { FixPlan } from '../../checklists/fix';
import { useTheme } from '../../components/theme';
import { FitText } from '../../components/FitText';
import { safeLine, trusted } from '../../text/sanitize';
import { wrap } from '../../text/width';

export interface FixConfirmProps {
  fix: FixPlan;
  width: number;
}

/**
 * The confirmation of a step's fix: the exact statement that will be sent, what it locks, and how
 * it runs. Nothing is sent until the operator presses y.
 */
export function FixConfirm({ fix, width }: FixConfirmProps): React.ReactElement {
  const theme = useTheme();
  const inner = Math.max(10, width - 4);
  const how = fix.transaction
    ? "runs in a transaction with SET LOCAL lock_timeout = '2s', statement_timeout = '60s'"
    : "cannot run in a transaction: runs with lock_timeout = '2s', statement_timeout = '60s' for this statement only";
  return (
    <Box flexDirection="column" borderStyle={theme.unicode ? 'round' : 'classic'} width={width} paddingX={1}>
      <FitText bold width={inner} text={trusted('Run this statement on the server?')} />
      {fix.sql.split('\n').map((l, i) => (
        <FitText key={i} text={safeLine(`  ${l}`)} width={width - 4} />
      ))}
      {fix.warning
        ? wrap(theme.text(trusted(`Locks: ${fix.warning}`)), inner).map((l, i) => (
            <Text key={`w${i}`} color={theme.tone('warn')}>
              {l}
            </Text>
          ))
        : null}
      <FitText width={inner} color={theme.tone('muted')} text={trusted(how)} />
      <FitText bold width={inner} text={trusted('y run it · n / esc do nothing')} />
    </Box>
  );
}
