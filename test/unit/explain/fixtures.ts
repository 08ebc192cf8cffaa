import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../../src/explain/parse';
import type { ExplainResult } from '../../../src/explain/types';

/** A plan captured from a real server by fixtures/capture.ts. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
}

export function plan(name: string): ExplainResult {
  return parsePlan(fixture(name));
}

export const MAJORS = [13, 18] as const;
