import React from 'react';
import { Box } from 'ink';
import { useTheme } from '../../components/theme';
import { FitText } from '../../components/FitText';
import { safeLine, trusted } from '../../text/sanitize';
import type { ControllerState } from '../../checklists/controller';
import { BackendPicker } from './BackendPicker';
import { detailLines, listRows, pickerView, promptView } from './model';
import { PICKER_LINES } from './BackendPicker';
import { PromptBox, PROMPT_LINES } from './PromptBox';

export interface ChecklistScreenProps {
  state: ControllerState;
  selected: string | null;
  width: number;
  height: number;
  /** The text in the open prompt, when the checklist asked for one. */
  promptValue?: string;
  /** Server clock (epoch s): how long ago the check saw the sessions offered in the picker. */
  nowS: number;
}

/** The picker or the stepper: a list on top, the selected entry's details below. */
export function ChecklistScreen({ state, selected, width, height, promptValue, nowS }: ChecklistScreenProps): React.ReactElement {
  const theme = useTheme();
  const rows = listRows(state);
  const title =
    state.mode === 'pick' || !state.def
      ? 'Checklists — enter opens, ↑/↓ move'
      : `${state.def.title} — r check, R check all, d done, s skip, f follow-up + note, n note, y copy SQL, x run fix, enter open pane, F finish, esc back`;
  // Every line is budgeted to `height`: a taller screen pushed the header off the terminal.
  const listRoom = Math.max(1, Math.min(rows.length, Math.floor((height - 2) / 2)));
  const idx = Math.max(0, rows.findIndex((r) => r.key === selected));
  const start = Math.max(0, Math.min(idx - Math.floor(listRoom / 2), rows.length - listRoom));
  const detailRoom = Math.max(0, height - 2 - Math.min(listRoom, rows.length) - (state.message ? 1 : 0));
  const details = detailLines(state, selected, Math.max(1, detailRoom - 6)).slice(0, detailRoom);
  const picker = pickerView(state, nowS);
  const ask = promptView(state);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {/* The checklist's own prose (titles, why, descriptions) goes through FitText: the theme's ellipsis and ASCII fold. */}
      <FitText bold width={width} text={safeLine(title)} />
      {rows.slice(start, start + listRoom).map((r) => (
        <FitText key={r.key} width={width} inverse={r.key === selected} color={r.tone ? theme.tone(r.tone) : undefined} text={r.text} />
      ))}
      <FitText color={theme.tone('muted')} width={width} text={trusted(theme.glyphs.hline.repeat(Math.max(0, width)))} />
      {picker ? <BackendPicker view={picker} width={width} room={detailRoom - PICKER_LINES} /> : null}
      {ask && promptValue !== undefined ? <PromptBox view={ask} value={promptValue} width={width} /> : null}
      {(picker ? [] : details.slice(0, ask ? Math.max(0, detailRoom - PROMPT_LINES - ask.lines.length) : undefined)).map((l, i) => (
        <FitText key={i} width={width} color={l.tone ? theme.tone(l.tone) : undefined} text={l.text} />
      ))}
      {state.message ? (
        <FitText width={width} color={theme.tone('info')} text={safeLine(state.message)} />
      ) : null}
    </Box>
  );
}
