import type { Endpoint } from '../../../src/lab/types';

export interface E2eInfo {
  major: number;
  primary: Endpoint;
  standby?: Endpoint;
  /** Absolute path of the built bundle. */
  bundle: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eInfo | null;
  }
}
