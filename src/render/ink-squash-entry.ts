/** The text squashing the bundle gives ink (see ink-squash.ts), over ink's own sanitizer. */
import sanitizeAnsi from 'ink-original/sanitize-ansi';
import { squashWith } from './ink-squash';

export default squashWith(sanitizeAnsi);
