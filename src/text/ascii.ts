/**
 * pgwarden's own typography (dashes, ellipses, arrows, middle dots, curly quotes) in ASCII, for a
 * terminal without UTF-8 (LANG=C): the words of a line stay, only the marks change. Glyphs drawn
 * on purpose (tree lines, markers) come from the glyph table in terminal.ts instead.
 */
const ASCII: Record<string, string> = {
  '—': '-', '–': '-', '─': '-', '…': '...', '·': '-', '•': '*', '×': 'x', '“': '"', '”': '"', '‘': "'", '’': "'",
  '↑': 'Up', '↓': 'Down', '←': 'Left', '→': 'Right', '▶': '>', '▼': 'v', '▲': '^',
};
const MARKS = new RegExp(`[${Object.keys(ASCII).join('')}]`, 'g');

/** The text with pgwarden's typographic marks in ASCII. */
export function asciiMarks<T extends string>(text: T): T {
  return text.replace(MARKS, (c) => ASCII[c] ?? c) as T;
}
