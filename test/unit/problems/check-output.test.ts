import { describe, expect, it } from 'vitest';
import { checkOutput, EXIT, unknownOutput } from '../../../src/cli/check';
import type { Problem } from '../../../src/problems';
import { trusted } from '../../../src/text/sanitize';

const problem = (severity: Problem['severity'], text: string): Problem => ({
  id: text,
  severity,
  subject: { kind: 'server', value: 'x' },
  text: trusted(text),
  pane: { screen: 'activity', key: '1' },
  since: 0,
});

describe('check output (monitoring plugin format)', () => {
  it.each([
    [[], EXIT.OK, ['PGWARDEN OK - no problems | problems=0;;;0 critical=0;;;0 warning=0;;;0']],
    [[problem('warning', 'a')], EXIT.WARNING, ['PGWARDEN WARNING - a | problems=1;;;0 critical=0;;;0 warning=1;;;0', 'WARNING: a [1 activity]']],
    [
      [problem('critical', 'b'), problem('warning', 'a'), problem('warning', 'c')],
      EXIT.CRITICAL,
      ['PGWARDEN CRITICAL - b (+2 more) | problems=3;;;0 critical=1;;;0 warning=2;;;0', 'CRITICAL: b [1 activity]', 'WARNING: a [1 activity]', 'WARNING: c [1 activity]'],
    ],
  ] as const)('%#', (problems, code, lines) => {
    const out = checkOutput(problems);
    expect(out.code).toBe(code);
    expect(out.text).toBe(lines.join('\n') + '\n');
  });

  it("a '|' in a query cannot start the perfdata early", () => {
    expect(checkOutput([problem('warning', "statement 'SELECT a || b' is 90%")]).text.split('\n')[0]).toBe("PGWARDEN WARNING - statement 'SELECT a // b' is 90% | problems=1;;;0 critical=0;;;0 warning=1;;;0");
  });

  it('UNKNOWN is one sanitized line and exit 3', () => {
    expect(unknownOutput('could not connect: \u001b[2Jboom\nsecond')).toEqual({ text: 'PGWARDEN UNKNOWN - could not connect: ^[[2Jboom second\n', code: 3 });
  });
});
