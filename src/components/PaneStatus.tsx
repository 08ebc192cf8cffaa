import React from 'react';
import type { CollectorResult } from '../data/collector';
import { joinSafe, safeMsg, trusted } from '../text/sanitize';
import { useSize, useTheme } from './theme';
import { FitText } from './FitText';

/**
 * A pane's own failure, in the pane: what went wrong and what would fix it. Other panes and the
 * header keep working. Server error text is untrusted and sanitized like any other.
 */
export function PaneStatus({ result }: { result: CollectorResult | undefined }): React.ReactElement | null {
  const theme = useTheme();
  const { columns } = useSize();
  if (!result || result.state !== 'failed') return null;
  const f = result.failure;
  const what = result.disabled ? 'unavailable' : 'failed this refresh';
  const stale = result.stale ? ' (showing the last good data)' : '';
  return (
    <>
      <FitText color={theme.tone('bad')} width={columns} text={joinSafe([safeMsg`${what}: ${f.message}`, trusted(stale)])} />
      <FitText color={theme.tone('info')} width={columns} text={result.hint ? safeMsg`fix: ${result.hint}` : f.hint ? safeMsg`hint: ${f.hint}` : trusted(' ')} />
    </>
  );
}
