/**
 * Starts, once, what the UI's modules need before they can draw, and resolves when it is done.
 * Nothing here: in the npm bundle yoga's WebAssembly is awaited by its own module. The single
 * executable (CommonJS, no top-level await, and a V8 startup snapshot that cannot hold
 * WebAssembly) replaces this module with yoga's loading (scripts/dist.mjs), started when the
 * program runs (main.ts run()) and awaited only before the UI, so that it compiles while the
 * connection is being made.
 */
export function uiReady(): Promise<void> {
  return Promise.resolve();
}
