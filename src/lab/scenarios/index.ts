export { accessExclusiveQueue, type AccessExclusiveQueueHandle, type AccessExclusiveQueueOptions } from './accessExclusiveQueue';
export { createDatabase, dropDatabase } from './databases';
export { idleInTransaction } from './idleInTransaction';
export { lockChain, type LockChainHandle, type LockChainOptions } from './lockChain';
export { longQuery, type LongQueryOptions } from './longQuery';
export type { ScenarioHandle, ScenarioOptions } from './sessions';
