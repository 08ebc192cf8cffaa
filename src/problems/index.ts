/**
 * Problems: the guides' thresholds judged live, each stated in one sentence that names the culprit
 * and the pane that shows it. Imports only from src/data, src/format and src/text.
 */
export { evaluate, initialProblemState, type EvaluateInput, type Evaluation, type ProblemState } from './evaluate';
export { DEFAULT_HOLD, DEFAULT_THRESHOLDS, NO_HOLD, grade, type Hold, type Limit, type Severity, type ThresholdName, type Thresholds } from './thresholds';
export { byWeight, type Candidate, type PaneRef, type Problem, type Subject, type SubjectKind } from './types';
export { problemsCollector, PROBLEMS_EVERY_MS } from '../data/collectors/problems';
export { ProblemTracker } from './tracker';
