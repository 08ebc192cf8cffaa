/** SQL files are imported as text: esbuild's text loader in the bundle, a small plugin under vitest. */
declare module '*.sql' {
  const text: string;
  export default text;
}
