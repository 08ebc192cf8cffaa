/**
 * Resolves when the UI's modules may be loaded. Always at once here: in the npm bundle yoga's
 * WebAssembly is awaited by its own module. The single executable (CommonJS, no top-level await)
 * replaces this module with yoga's loading promise (scripts/dist.mjs), started when the program
 * starts and awaited only before the UI, so that it runs while the connection is being made.
 */
export const uiReady: Promise<void> = Promise.resolve();
