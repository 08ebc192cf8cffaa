import type { Endpoint } from '../../../src/lab/types';

export type { Endpoint } from '../../../src/lab/types';

/** What the global setup tells test files about one running lab cluster (serializable). */
export interface ClusterInfo {
  major: number;
  version: string;
  primary: Endpoint;
  standby?: Endpoint;
  /** The cluster's password file (0600) for TCP connections, see LabCluster.passfile. */
  passfile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    clusters: ClusterInfo[];
    /** Why the lab has no cluster (or not every major asked for); empty when nothing is missing. */
    labMissing: string;
  }
}
