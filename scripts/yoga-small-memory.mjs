// yoga's WebAssembly declared with a small memory, for the npm bundle and the single executable alike.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** yoga's WebAssembly memory at start, in 64 KB pages (yoga-small-memory below). */
const YOGA_INITIAL_PAGES = 4;

/**
 * yoga's WebAssembly module declares 16 MB of memory at instantiation (256 pages; it uses about 52
 * KB and grows its memory itself past that). V8 counts that memory as the heap's external memory,
 * which started a full collection of the 11 MB restored from the startup snapshot before the first
 * frame: 10-14 ms on the main thread (--trace-gc). Declared with 4 pages instead, none runs before the
 * first frame. Its stack and static data end below 80 KB (the build checks it against the module).
 * Flags measured for the same collection and the first screen (interleaved launches at 2000
 * backends, 120 s beside the same build), not kept: --initial-old-space-size=32 (48) spared it too,
 * 10-12 ms of CPU, but kept that size as the floor of every later limit: +7 (+20) MB resident;
 * --single-threaded-gc instead of --single-threaded, first frame ~11 ms sooner when a core is idle
 * (compilers in the background), +7 MB resident, +10 ms of CPU to the first frame.
 */
export const yogaSmallMemory = {
  name: 'yoga-small-memory',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/].*yoga-wasm-base64-esm\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const found = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(text);
      if (!found) throw new Error(`${args.path}: no WebAssembly to read (yoga changed: review the build)`);
      const wasm = Buffer.from(found[1], 'base64');
      setInitialPages(wasm, YOGA_INITIAL_PAGES);
      return { contents: text.replace(found[1], wasm.toString('base64')), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Sets, in place, the initial size of a WebAssembly module's one memory, after checking that its
 * stack (the first global's initial value, emscripten's stack pointer) and its data segments fit.
 */
function setInitialPages(wasm, pages) {
  const fail = (why) => {
    throw new Error(`yoga's WebAssembly: ${why} (yoga changed: review the build)`);
  };
  const uleb = (o) => {
    let r = 0;
    for (let shift = 0; ; shift += 7) {
      const x = wasm[o.i++];
      r += (x & 127) * 2 ** shift;
      if (!(x & 128)) return r;
    }
  };
  const sleb32 = (o) => {
    let r = 0;
    let shift = 0;
    let x;
    do {
      x = wasm[o.i++];
      r |= (x & 127) << shift;
      shift += 7;
    } while (x & 128);
    return shift < 32 && x & 64 ? r | (-1 << shift) : r;
  };
  let memoryMin;
  let needed = 0;
  const o = { i: 8 };
  while (o.i < wasm.length) {
    const id = wasm[o.i++];
    const size = uleb(o);
    const end = o.i + size;
    if (id === 5) {
      // One memory, with a maximum, its minimum written in two bytes: rewritten in place.
      if (uleb(o) !== 1 || uleb(o) !== 1) fail('not one memory with a maximum');
      memoryMin = o.i;
      if (uleb(o) !== 256 || o.i - memoryMin !== 2) fail('its memory is not 256 pages');
    } else if (id === 6) {
      uleb(o);
      // The first global: type i32, mutable, i32.const N, end.
      if (wasm[o.i] !== 0x7f || wasm[o.i + 1] !== 1 || wasm[o.i + 2] !== 0x41) fail('no stack pointer first');
      o.i += 3;
      needed = Math.max(needed, sleb32(o));
    } else if (id === 11) {
      for (let n = uleb(o); n > 0; n--) {
        if (uleb(o) !== 0 || wasm[o.i++] !== 0x41) fail('a data segment not at a constant address');
        const at = sleb32(o);
        if (wasm[o.i++] !== 0x0b) fail('a data segment not at a constant address');
        const len = uleb(o);
        needed = Math.max(needed, at + len);
        o.i += len;
      }
    }
    o.i = end;
  }
  if (memoryMin === undefined) fail('no memory section');
  if (needed === 0 || needed > pages * 65536) fail(`its stack and data need ${needed} bytes`);
  // LEB128 may be padded: the same two bytes, the section's size unchanged.
  wasm[memoryMin] = 0x80 | (pages & 127);
  wasm[memoryMin + 1] = pages >> 7;
}
