/** ink's own frame composer, reached by the bundle's resolver (scripts/ink-speedups.mjs). */
declare module 'ink-original/output' {
  const Output: new (options: { width: number; height: number }) => unknown;
  export default Output;
}

/** ink's ANSI sanitizer (keeps text, colours and OSC sequences), reached the same way. */
declare module 'ink-original/sanitize-ansi' {
  const sanitizeAnsi: (text: string) => string;
  export default sanitizeAnsi;
}
