/**
 * How a pane shows that its rows are not live: a line above it saying how old they are, and its
 * table rows dimmed. The words carry the meaning, so NO_COLOR and ASCII terminals get it too.
 */
import { trusted } from '../text/sanitize';
import React, { createContext, useContext } from 'react';
import { Text } from 'ink';
import { ageText, staleLabel, type Staleness } from '../format/stale';
import { FitText } from './FitText';
import { useTheme } from './theme';

const StaleContext = createContext(false);

/** Marks everything below as stale data (tables dim their rows). */
export function StaleProvider({ stale, children }: { stale: boolean; children: React.ReactNode }): React.ReactElement {
  return <StaleContext.Provider value={stale}>{children}</StaleContext.Provider>;
}

export function useStale(): boolean {
  return useContext(StaleContext);
}

function why(s: Staleness, ascii: boolean): string {
  const waited = s.noAnswerS ? ` for ${ageText(s.noAnswerS, ascii)}` : '';
  return s.cause === 'lost' ? `connection lost, no answer${waited}` : `no answer from the server${waited}`;
}

/** The one line above a pane whose data is stale. */
export function StaleBanner({ stale, width }: { stale: Staleness; width: number }): React.ReactElement {
  const theme = useTheme();
  const ascii = !theme.unicode;
  const dash = theme.glyphs.dash;
  const label = staleLabel(stale, ascii);
  const rest = ` ${why(stale, ascii)} ${dash} rows below are not live`;
  return (
    <Text wrap="truncate">
      <Text inverse bold color={theme.tone('bad')}>{` ${label} `}</Text>
      <FitText color={theme.tone('bad')} text={trusted(rest)} width={Math.max(0, width - label.length - 2)} />
    </Text>
  );
}

/**
 * In place of a pane that has no data of its own yet: just opened (its first refresh is on the
 * way), or opened while the server does not answer. Never an empty list that looks like a fact.
 */
export function WaitingPane({ title, stale, paused, width, past }: { title: string; stale: Staleness | undefined; /** The resume key, when paused. */ paused: string | undefined; width: number; /** The panes show the past (rewind, replay). */ past?: 'rewind' | 'replay' }): React.ReactElement {
  const theme = useTheme();
  const ascii = !theme.unicode;
  const dash = theme.glyphs.dash;
  // The past holds what was read then: only the panes on screen, unless every pane was recorded.
  if (past === 'rewind') return <FitText bold width={width} text={trusted(`${title} ${dash} not read at this moment: it was not on screen (pgwarden --record FILE reads every pane)`)} />;
  if (past === 'replay') return <FitText bold width={width} text={trusted(`${title} ${dash} not in the recording at this moment`)} />;
  // Paused, the display keeps the snapshot taken before this pane was opened.
  if (paused) return <FitText bold width={width} text={trusted(`${title} ${dash} no data yet: the display is paused (${paused} resumes)`)} />;
  if (!stale) return <FitText bold width={width} text={trusted(`${title} ${dash} waiting for its first refresh`)} />;
  return (
    <>
      <FitText bold width={width} text={trusted(`${title} ${dash} waiting for the server: ${why(stale, ascii)}`)} />
      <FitText color={theme.tone('warn')} width={width} text={trusted('This pane has no data yet; it fills in when the server answers.')} />
    </>
  );
}
