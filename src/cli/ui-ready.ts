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

/**
 * The single executable's snapshot builder, which has no WebAssembly, draws its warm-up frame
 * (warm-up.tsx) on a stand-in for yoga's Node (yoga-stand-in.ts): uiStandIn puts it in yoga's
 * place, uiForget empties that place again before the snapshot is taken, for uiReady to fill at
 * start. Nothing to do in the npm bundle, which never warms up.
 */
export function uiStandIn(_node: unknown): void {}

/** See {@link uiStandIn}. */
export function uiForget(): void {}
