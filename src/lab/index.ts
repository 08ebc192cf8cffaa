/**
 * The lab: throwaway PostgreSQL clusters and the incidents staged on them. Used by the
 * integration tests and by `pgwarden --demo`.
 */
export { discoverInstalls, findInstalls, type Discovery, type RejectedInstall } from './binaries';
export { startCluster } from './cluster';
export { LAB_ADMIN_APP_NAME, LAB_APP_NAME, labClient, quoteIdent, waitUntil, withAdmin, type LabClientOptions, type WaitOptions } from './client';
export { pauseReplay, resumeReplay } from './replay';
export { LAB_ROLES, NO_PGSS_DB } from './setup';
export { givePassword, randomPassword, scramVerifier, setRolePassword } from './passwords';
export { newestRunnableInstall, runnableInstall } from './placement';
export type { ClusterOptions, Endpoint, LabCluster, LabPasswords, PgInstall } from './types';
export * from './scenarios';
