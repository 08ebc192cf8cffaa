import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysMarkdown, withKeysTable } from '../../../src/keys/doc';
import { DEFAULT_KEYMAP } from '../../../src/keys/keymap';

describe('README key table', () => {
  it('is the one generated from the command table (run `npm run gen:keys` to refresh it)', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    expect(readme).toBe(withKeysTable(readme, keysMarkdown(DEFAULT_KEYMAP)));
  });
});
