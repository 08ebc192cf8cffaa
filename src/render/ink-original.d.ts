/** ink's own frame composer, reached by the bundle's resolver (scripts/ink-speedups.mjs). */
declare module 'ink-original/output' {
  const Output: new (options: { width: number; height: number }) => unknown;
  export default Output;
}
