/**
 * Whether this process is pgwarden's single executable (Node's single executable application,
 * `npm run dist`). There, node_modules beside it mean nothing: the lab uses the system's
 * PostgreSQL only. getBuiltinModule keeps `node:sea` out of the module graph of a normal run.
 */
export function inSingleExecutable(): boolean {
  const sea = process.getBuiltinModule?.('node:sea') as typeof import('node:sea') | undefined;
  return sea?.isSea() ?? false;
}
