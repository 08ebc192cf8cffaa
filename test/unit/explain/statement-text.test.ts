import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statementText } from '../../../src/explain/input';

const corpus = (f: string) => readFileSync(join(__dirname, 'corpus', f), 'utf8');
const GUIDE = "SELECT u.name, o.created_at FROM guide.users u JOIN guide.orders o ON o.user_id = u.id WHERE o.status = 'shipped' AND o.created_at >= '2025-01-01'";

describe('statementText (what w shows for a plan read from a file)', () => {
  it('reads the Query Text auto_explain logs, in JSON and in text', () => {
    expect(statementText(corpus('auto-guide.auto-json.log'))).toBe(GUIDE);
    expect(statementText(corpus('auto-guide.auto-text.log'))).toBe(GUIDE);
  });

  it("has none for EXPLAIN's own output, and guesses none for a log of several plans", () => {
    expect(statementText(corpus('guide-seqscan.json'))).toBeNull();
    expect(statementText(corpus('guide-seqscan.text.txt'))).toBeNull();
    const two = corpus('auto-guide.auto-text.log') + corpus('auto-guide.auto-text.log');
    expect(statementText(two)).toBeNull();
    expect(statementText('{"Query Text": "\\u001b[2J", "Plan": {}}')).toBe('\x1b[2J'); // raw: sanitized where shown
  });
});
