/** Every built-in check by id: what checklist steps (built-in and the user's) refer to. */
import { blockedSessions, idleInTransaction, longRunning, topStatements, xminHorizon } from './activity';
import type { CheckDef } from './define';
import { duplicateIndexes, fkWithoutIndex, invalidIndexes, unusedIndexes } from './indexes';
import { inactiveSlots, replicationLag } from './replication';
import { indexHitRatio, missingIndexes, tooManyIndexes } from './scans';
import { settingsReview } from './settings';
import { attested, baseBackupAge } from './backups';
import { autovacuumTuning } from './tuning';
import { connectionGroups } from './groups';
import { walAndTemp } from './walTemp';
import { relationLocks } from './locksHeld';
import { standbyByteLag } from './byteLag';
import { bouncerPaused, bouncerPools } from './bouncer';
import { standbyConflicts } from './conflicts';
import { nPlusOne, slowStatements, statementCacheHit, statementRegressions, statementsReset, statementsWeek } from './statementChecks';
import { connectionUsage } from './connections';
import { diskGrowth } from './growth';
import { archiving, cacheHit, databaseSize, sequences, wraparound } from './server';
import { autovacuumBehind, deadTuples, staleStats, tableBloat } from './vacuum';

export type { CheckDef, CheckEnv, PastRun } from './define';

const ALL: CheckDef[] = [
  topStatements, unusedIndexes, duplicateIndexes, invalidIndexes, fkWithoutIndex,
  deadTuples, tableBloat, staleStats, autovacuumBehind, wraparound, sequences,
  replicationLag, inactiveSlots, connectionUsage, databaseSize, diskGrowth, archiving, cacheHit,
  longRunning, idleInTransaction, blockedSessions, xminHorizon,
  missingIndexes, indexHitRatio, tooManyIndexes,
  statementsWeek, statementRegressions, slowStatements, statementCacheHit, nPlusOne, statementsReset,
  settingsReview, baseBackupAge, attested, autovacuumTuning,
  connectionGroups, walAndTemp, relationLocks, standbyByteLag,
  bouncerPools, bouncerPaused, standbyConflicts,
];

export const CHECKS: ReadonlyMap<string, CheckDef> = new Map(ALL.map((c) => [c.id, c]));
