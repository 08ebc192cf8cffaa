/** The built-in checklists, in the order the picker shows them. */
import type { ChecklistDef } from '../types';
import { connectionExhaustion, diskFull, overloaded, replicationLagRunbook, slowQuery } from './runbooks';
import { deploymentWindow } from './deployment';
import { weekly } from './weekly';

export const BUILT_IN: readonly ChecklistDef[] = [weekly, overloaded, connectionExhaustion, replicationLagRunbook, slowQuery, diskFull, deploymentWindow].map((d) => ({ ...d, source: 'built-in' }));
