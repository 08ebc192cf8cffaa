/**
 * The single executables `npm run dist` writes, checked for their format (the arm64 one cannot
 * run here; test/e2e/sea.test.ts runs the native one). Skipped when they have not been built.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** ELF e_machine values. */
const MACHINES = { x64: 0x3e, arm64: 0xb7 } as const;
/** Node's fuse, which postject flips from :0 to :1 when it injects the blob. */
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The first word of a SEA blob (node_sea.h, kMagic). */
const SEA_MAGIC = 0x0143da20;
const NOTE_NAME = 'NODE_SEA_BLOB\0';
/** The blob's second word: its flags (node_sea.h, SeaFlags). */
const USE_SNAPSHOT = 1 << 1;
const USE_CODE_CACHE = 1 << 2;

/** The descriptor of the ELF note named NODE_SEA_BLOB that postject added, or undefined. */
function seaNote(file: Buffer): Buffer | undefined {
  // Node's own code names the resource too; the note is where the name's header says 14 bytes.
  for (let at = file.indexOf(NOTE_NAME); at >= 12; at = file.indexOf(NOTE_NAME, at + 1)) {
    if (file.readUInt32LE(at - 12) !== NOTE_NAME.length) continue;
    const size = file.readUInt32LE(at - 8);
    const start = at + 16; // the name, padded to 4 bytes
    return file.subarray(start, start + size);
  }
  return undefined;
}

describe.each(Object.entries(MACHINES))('dist/pgwarden-linux-%s', (arch, machine) => {
  const path = `dist/pgwarden-linux-${arch}`;
  it.skipIf(!existsSync(path))('is a 64-bit little-endian ELF for its machine with pgwarden injected as a SEA blob', () => {
    const file = readFileSync(path);
    expect(file.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(file[4]).toBe(2); // ELFCLASS64
    expect(file[5]).toBe(1); // little-endian
    expect(file.readUInt16LE(18)).toBe(machine);
    expect(file.includes(`${FUSE}:1`)).toBe(true);
    expect(file.includes(`${FUSE}:0`)).toBe(false);
    const blob = seaNote(file);
    expect(blob).toBeDefined();
    expect(blob!.readUInt32LE(0)).toBe(SEA_MAGIC);
    // The main script is the CommonJS build of the bundle (its banner) and the CLI in it.
    expect(blob!.includes('__pgwImportMetaUrl')).toBe(true);
    expect(blob!.includes('Usage: $0 [options] [dbname [username]]')).toBe(true);
    // The native build starts from a V8 startup snapshot of its evaluated modules (a blob holds
    // V8 state of the platform that wrote it: the other architecture starts from the script).
    const flags = blob!.readUInt32LE(4);
    expect(flags & USE_SNAPSHOT).toBe(arch === process.arch ? USE_SNAPSHOT : 0);
    expect(flags & USE_CODE_CACHE).toBe(0);
  });
});
