// The Node the single executable is made of, shared by scripts/dist.mjs (which fetches and unpacks
// it) and the benchmark (which runs its floor with it).

// Node 24 LTS: its SEA runs a CommonJS main (an ES module main came only in 25.x) with a code
// cache, and has node:sea's isSea(). A blob is read only by the version that wrote it, so the blob
// is written by this same version's node, never by the one running the build.
export const NODE_VERSION = '24.22.3';

/** Where scripts/dist.mjs unpacks node-linux-<arch>'s binary under the project's root. */
export const seaNodeBinary = (root, arch) => `${root}/.cache/sea/node-linux-${arch}-${NODE_VERSION}/bin/node`;
