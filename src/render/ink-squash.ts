/**
 * ink's text squashing, put in place of its own in the bundle (see scripts/ink-speedups.mjs).
 * ink joins a Text's children, with their styles, into one string and then passes the result
 * through its ANSI sanitizer, at every level of nesting. The sanitizer tokenizes the whole string
 * as soon as it holds one escape sequence, and colours are escape sequences: the table body (one
 * string of coloured rows, see components/Table.tsx) would be tokenized sequence by sequence,
 * twice a frame (measured, then drawn). Text from the server holds no escape sequence by then
 * (text/sanitize.ts made it display-safe); the colours are ours. Here a string whose only escape sequences are
 * colours (what the sanitizer keeps) is returned as it is, which is what the sanitizer returns
 * for it; anything else still goes through ink's sanitizer. (ink-squash-entry.ts gives the bundle
 * this over ink's own sanitizer.)
 */
import { colourEnd } from './ink-width';

/** The part of ink's DOM node squashing reads. */
export interface SquashNode {
  nodeName: string;
  nodeValue?: string;
  childNodes: Array<SquashNode | undefined>;
  internal_transform?: (text: string, index: number) => string;
}

/**
 * Whether ink's sanitizer returns `s` unchanged: no C1 control character, and every ESC opens a
 * colour sequence, the one kind of CSI it keeps.
 */
export function onlyColours(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && c <= 0x9f) return false;
    if (c !== 0x1b) continue;
    const end = colourEnd(s, i);
    if (end < 0) return false;
    i = end;
  }
  return true;
}

/**
 * Texts found to hold only colours lately. ink squashes each Text twice a frame (measured, then
 * drawn) into the same string: the second time is a lookup, not another pass over the table's
 * body. Bounded: emptied when full, so it holds about a frame's texts.
 */
const PASSED_MAX = 256;
let passed = new Set<string>();

function onlyColoursKept(text: string): boolean {
  if (passed.has(text)) return true;
  if (!onlyColours(text)) return false;
  if (passed.size >= PASSED_MAX) passed = new Set();
  passed.add(text);
  return true;
}

/** ink's squashTextNodes over ink's `sanitizeAnsi`, with the same result, sanitizing only what needs it. */
export function squashWith(sanitizeAnsi: (text: string) => string): (node: SquashNode) => string {
  return function squashTextNodes(node: SquashNode): string {
    let text = '';
    for (let index = 0; index < node.childNodes.length; index++) {
      const child = node.childNodes[index];
      if (child === undefined) continue;
      let nodeText = '';
      if (child.nodeName === '#text') nodeText = child.nodeValue ?? '';
      else {
        if (child.nodeName === 'ink-text' || child.nodeName === 'ink-virtual-text') nodeText = squashTextNodes(child);
        // The children's styles are applied here: the composer only applies the outer Text's.
        if (nodeText.length > 0 && typeof child.internal_transform === 'function') nodeText = child.internal_transform(nodeText, index);
      }
      text += nodeText;
    }
    return onlyColoursKept(text) ? text : sanitizeAnsi(text);
  };
}
