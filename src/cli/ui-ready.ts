/**
 * Starts, once, what the UI's modules need before they can draw, and resolves when it is done.
 * Nothing here: in the npm bundle yoga's WebAssembly is awaited by its own module. The single
 * executable (CommonJS, no top-level await, and a V8 startup snapshot that cannot hold
 * WebAssembly) replaces this module with yoga's loading (scripts/dist.mjs), started by the monitor
 * once its connection's startup message is out (main.ts loadUi) so that it runs while the server
 * forks and authenticates, and awaited before any screen is drawn (a replay, the fleet, a plan).
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
