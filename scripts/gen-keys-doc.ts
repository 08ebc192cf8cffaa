// Regenerates the key table in README.md from the command table and keymap.
import { readFileSync, writeFileSync } from 'node:fs';
import { keysMarkdown, withKeysTable } from '../src/keys/doc';
import { DEFAULT_KEYMAP } from '../src/keys/keymap';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withKeysTable(readme, keysMarkdown(DEFAULT_KEYMAP)));
console.log('README.md key table updated');
