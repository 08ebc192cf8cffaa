import React from 'react';
import { Text } from 'ink';
import type { CollectorResult } from '../data/collector';
import { safeLine } from '../text/sanitize';
import { useTheme } from './theme';

/**
 * A pane's own failure, in the pane: what went wrong and what would fix it. Other panes and the
 * header keep working. Server error text is untrusted and sanitized like any other.
 */
export function PaneStatus({ result }: { result: CollectorResult | undefined }): React.ReactElement | null {
  const theme = useTheme();
  if (!result || result.state !== 'failed') return null;
  const f = result.failure;
  const what = result.disabled ? 'unavailable' : 'failed this refresh';
  const stale = result.stale ? ' (showing the last good data)' : '';
  return (
    <>
      <Text color={theme.tone('bad')} wrap="truncate">
        {`${what}: ${safeLine(f.message)}${stale}`}
      </Text>
      <Text color={theme.tone('info')} wrap="truncate">
        {result.hint ? `fix: ${safeLine(result.hint)}` : f.hint ? `hint: ${safeLine(f.hint)}` : ' '}
      </Text>
    </>
  );
}
