import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { PlanTree } from '../../components/PlanTree';
import { useTheme, type Tone } from '../../components/theme';
import { findings } from '../../explain/rank';
import { fmtMs, fullLabel, headline, nodeMetrics, nodeNotes, planLines } from '../../explain/render';
import { sourceTitle } from '../../explain/service';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';
import { wrap } from '../../text/width';
import type { PlanState } from './state';
import { FitText } from '../../components/FitText';

export interface PlanScreenProps {
  plan: PlanState | null;
  width: number;
  height: number;
  readOnly: boolean;
}

interface Line {
  text: SafeText;
  tone?: Tone;
  bold?: boolean;
}

/** The selected node's details and flags, as lines for the panel under the tree. */
function detailLines(plan: PlanState, width: number): Line[] {
  const o = plan.outcome;
  if (!o) return [];
  const n = o.result.nodes.find((x) => x.id === plan.selected) ?? o.result.root;
  const out: Line[] = [{ text: joinSafe([safeLine(fullLabel(n)), trusted(`  ${nodeMetrics(n, o.result)}`)]), bold: true }];
  for (const f of o.flags.filter((x) => x.nodeId === n.id)) {
    const head = `${f.severity === 'bad' ? '!! ' : '!  '}${Math.round(f.share * 100)}% ${f.category}${f.minor ? ' (minor)' : ''}: `;
    for (const l of wrap(joinSafe([trusted(head), safeLine(f.why)]), width)) out.push({ text: l, tone: f.severity === 'bad' ? 'bad' : 'warn' });
    for (const l of wrap(joinSafe([trusted('   fix: '), safeLine(f.fix)]), width)) out.push({ text: l, tone: 'info' });
  }
  for (const note of nodeNotes(n)) out.push({ text: safeLine(note) });
  return out;
}

function titleOf(plan: PlanState): string {
  const o = plan.outcome;
  const kind = o?.mode === 'analyze' ? 'EXPLAIN ANALYZE' : o?.mode === 'generic' ? 'EXPLAIN (generic plan)' : 'EXPLAIN';
  const parts = [kind, sourceTitle(plan.source)];
  if (o?.result.planningMs != null) parts.push(`planning ${fmtMs(o.result.planningMs)}`);
  if (o?.result.executionMs != null) parts.push(`execution ${fmtMs(o.result.executionMs)}`);
  // Repeats are one finding (ten cold partitions): count what the operator has to act on.
  const n = o ? findings(o.flags).length : 0;
  if (o) parts.push(n ? `${n} red flag${n === 1 ? '' : 's'}` : 'no red flags');
  return parts.join(' · ');
}

export function PlanScreen({ plan, width, height, readOnly }: PlanScreenProps): React.ReactElement {
  const theme = useTheme();
  const lines = useMemo(
    () => (plan?.outcome ? planLines(plan.outcome.result, plan.outcome.flags, new Set(plan.folded), theme.glyphs) : []),
    [plan?.outcome, plan?.folded, theme.glyphs],
  );
  if (!plan) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold>EXPLAIN</Text>
        <Text dimColor wrap="wrap">
          No plan yet. Press e on a backend in Activity (1) or on a statement in Statements (3).
        </Text>
      </Box>
    );
  }
  const status: Line[] = [];
  const room = Math.max(10, width - 1);
  if (plan.status === 'running') {
    status.push({ text: trusted(plan.analyze ? 'running EXPLAIN ANALYZE: the statement is executing (rolled back afterwards)…' : 'planning…'), tone: 'info' });
  }
  if (plan.status === 'failed' && plan.error) {
    for (const l of wrap(joinSafe([trusted(plan.analyze ? 'EXPLAIN ANALYZE: ' : 'EXPLAIN: '), safeLine(plan.error)]), room).slice(0, 3)) status.push({ text: l, tone: 'bad' });
  }
  if (plan.outcome && plan.status !== 'running') {
    // The first line answers where the time goes and what would fix it.
    const top = headline(plan.outcome.result, findings(plan.outcome.flags));
    for (const l of wrap(safeLine(top), room).slice(0, 2)) status.push({ text: l, tone: plan.outcome.flags.some((f) => !f.minor) ? 'warn' : 'muted' });
  }
  if (plan.outcome && plan.status !== 'running') {
    for (const n of plan.outcome.notes) status.push({ text: safeLine(n), tone: 'muted' });
    if (plan.outcome.mode === 'plan' && !readOnly && plan.source.kind !== 'file') status.push({ text: trusted('estimates only: a runs EXPLAIN ANALYZE (asks first)'), tone: 'muted' });
    if (plan.outcome.mode === 'generic') status.push({ text: trusted('estimates only: EXPLAIN ANALYZE needs real values (explain a running backend from Activity)'), tone: 'muted' });
  }
  const detail = detailLines(plan, room).slice(0, Math.max(2, Math.floor(height / 3)));
  const treeHeight = Math.max(1, height - 1 - status.length - (detail.length ? detail.length + 1 : 0));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <FitText bold width={width} text={safeLine(titleOf(plan))} />
      {status.map((l, i) => (
        <FitText key={`s${i}`} width={width} color={l.tone ? theme.tone(l.tone) : undefined} bold={l.bold} dimColor={l.tone === 'muted' && !theme.color} text={l.text} />
      ))}
      {lines.length ? <PlanTree lines={lines} selectedId={plan.selected} width={width} height={treeHeight} /> : <Box height={treeHeight} />}
      {detail.length ? (
        <>
          <Text dimColor wrap="truncate">
            {theme.glyphs.hline.repeat(Math.max(1, width - 1))}
          </Text>
          {detail.map((l, i) => (
            <FitText key={`d${i}`} width={width} color={l.tone ? theme.tone(l.tone) : undefined} bold={l.bold} text={l.text} />
          ))}
        </>
      ) : null}
    </Box>
  );
}
