import React from 'react';
import { Box, Text } from 'ink';
import type { ActionRequest, ActionTarget, ConfirmRequest } from '../actions/types';
import { BouncerConfirm } from './BouncerConfirm';
import { StatementConfirm } from './StatementConfirm';
import { duration } from '../format';
import { joinSafe, safeLine, trusted, type SafeText } from '../text/sanitize';
import { fit, wrap } from '../text/width';
import { useTheme, type Tone } from './theme';
import { FitText } from './FitText';

export interface ConfirmDialogProps {
  request: ConfirmRequest;
  width: number;
  height: number;
  /** Read-only sessions refuse every request: the dialog says so where it matters. */
  readOnly?: boolean;
}

interface Line {
  text: SafeText;
  /** The target this line introduces. */
  pid?: number;
  tone?: Tone;
  bold?: boolean;
}

const VERB = { cancel: 'Cancel the query of', terminate: 'Terminate' } as const;
const PLAIN = { cancel: 'cancel', terminate: 'terminate' } as const;

/** "idle in transaction for 3m05s, transaction open 3m05s". */
function stateOf(t: ActionTarget, ascii: boolean): SafeText {
  const parts: string[] = [];
  parts.push(`${safeLine(t.state ?? t.backendType ?? 'state hidden')}${t.stateAgeS != null ? ` for ${duration(t.stateAgeS, { ascii })}` : ''}`);
  if (t.xactAgeS != null) parts.push(`transaction open ${duration(t.xactAgeS, { ascii })}`);
  if (t.waitedS != null) parts.push(`waiting for a lock ${duration(t.waitedS, { ascii })}`);
  return trusted(parts.join(', '));
}

const who = (t: ActionTarget): SafeText => joinSafe([safeLine(t.user ?? '?'), trusted('@'), safeLine(t.database ?? '?')]);

function detailed(t: ActionTarget, kind: ActionRequest['kind'], width: number, ascii: boolean): Line[] {
  const app = t.application ? joinSafe([trusted('  app '), safeLine(t.application)]) : trusted('');
  const client = t.clientAddr ? joinSafe([trusted('  from '), safeLine(t.clientAddr)]) : trusted('');
  const lines: Line[] = [
    { text: joinSafe([trusted(`pid ${t.pid}  `), who(t), app, client]), bold: true, pid: t.pid },
    { text: joinSafe([trusted('  '), stateOf(t, ascii)]) },
  ];
  const query = wrap(joinSafe([trusted('query: '), safeLine(t.query ?? '')]), Math.max(10, width - 4)).slice(0, 3);
  for (const q of query) lines.push({ text: joinSafe([trusted('  '), q]) });
  if (t.behind)
    lines.push({
      text: trusted(
        kind === 'terminate'
          ? `  ${t.behind} session${t.behind === 1 ? '' : 's'} wait behind it: terminating it releases its locks`
          : `  ${t.behind} session${t.behind === 1 ? '' : 's'} wait behind it: they are released only if its transaction ends`,
      ),
      tone: 'warn',
    });
  return lines;
}

function compact(t: ActionTarget, width: number, ascii: boolean): Line {
  const state = safeLine(t.state ?? t.backendType ?? '');
  const age = t.stateAgeS != null ? duration(t.stateAgeS, { ascii }) : trusted('');
  const head = joinSafe([fit(trusted(String(t.pid)), 7, '~', 'right'), trusted(' '), fit(who(t), 20, ascii ? '~' : '…'), trusted(' '), fit(state, 10, ascii ? '~' : '…'), trusted(' '), fit(age, 6, '~', 'right'), trusted(' ')]);
  const behind = t.behind ? trusted(`[${t.behind} behind] `) : trusted('');
  return { text: joinSafe([head, behind, safeLine(t.query ?? '')]), pid: t.pid };
}

/**
 * The one confirmation of pgwarden: for cancel / terminate, exactly who will be signalled (pid, role, database,
 * application, state and for how long, query), who will not and why, and what to know first.
 * Nothing is sent until the operator presses y. All server text is sanitized here.
 */
export function ConfirmDialog(props: ConfirmDialogProps): React.ReactElement {
  const { request, width, height } = props;
  if (request.kind === 'pgbouncer') return <BouncerConfirm request={request} width={width} height={height} />;
  if (request.kind === 'explain' || request.kind === 'fix' || request.kind === 'exact') return <StatementConfirm request={request} width={width} height={height} readOnly={props.readOnly === true} />;
  return <SignalConfirm request={request} width={width} height={height} />;
}

function SignalConfirm({ request, width, height }: { request: ActionRequest; width: number; height: number }): React.ReactElement {
  const theme = useTheme();
  const ascii = !theme.unicode;
  const n = request.targets.length;
  const noun = `${n} backend${n === 1 ? '' : 's'}`;
  const lines: Line[] = [];
  const budget = Math.max(3, height - 4);
  if (n <= 3) {
    for (const t of request.targets) lines.push(...detailed(t, request.kind, width, ascii));
  } else {
    lines.push({ text: trusted('    PID USER@DATABASE        STATE       AGE QUERY'), bold: true });
    for (const t of request.targets) lines.push(compact(t, width, ascii));
  }
  if (lines.length > budget - 1) {
    // Never hide who will be hit: the rows that do not fit are named by pid.
    const kept = lines.slice(0, Math.max(1, budget - 3));
    const shown = new Set(kept.map((l) => l.pid));
    const rest = request.targets.filter((t) => !shown.has(t.pid)).map((t) => t.pid);
    lines.length = 0;
    lines.push(...kept);
    if (rest.length) for (const w of wrap(trusted(`and ${rest.length} more: pid ${rest.join(', ')}`), Math.max(10, width - 2))) lines.push({ text: w, tone: 'warn' });
  }
  for (const s of request.skipped) lines.push({ text: joinSafe([trusted(`not signalled: pid ${s.pid}: `), safeLine(s.reason)]), tone: 'muted' });
  for (const note of request.notes) for (const w of wrap(safeLine(`! ${note}`), Math.max(10, width - 2))) lines.push({ text: w, tone: 'warn' });
  const title = ` ${VERB[request.kind]} ${noun}? `;
  const body = lines.slice(0, Math.max(1, height - 3));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse color={theme.tone(request.kind === 'terminate' ? 'bad' : 'warn')}>
        {fit(trusted(title), width, theme.glyphs.ellipsis).padEnd(width)}
      </Text>
      {body.map((l, i) => (
        <FitText key={i} width={width} color={l.tone ? theme.tone(l.tone) : undefined} bold={l.bold} text={joinSafe([trusted(' '), l.text])} />
      ))}
      <Box flexGrow={1} />
      <FitText bold width={width} text={trusted(` y: ${PLAIN[request.kind]} ${noun}    n / Esc: keep ${n === 1 ? 'it' : 'them'} running`)} />
    </Box>
  );
}
