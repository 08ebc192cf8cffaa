/**
 * Validation of a user's checklist file. Every error names the file and the field path
 * (`weekly-extra.json: steps[2].check.thresholds.warn: expected a number`), so a typo is found
 * without reading the source.
 */
import { CHECKS } from './checks';
import { USER_SQL_CHECK, type CheckRef, type ChecklistDef, type StepDef, type Thresholds } from './types';

const ID = /^[a-z0-9][a-z0-9_-]*$/;
const KINDS = ['maintenance', 'runbook'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates one file's text; returns the checklist or the list of errors. */
export function validateChecklist(file: string, text: string): { def: ChecklistDef } | { errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { errors: [`${file}: not valid JSON: ${(err as Error).message}`] };
  }
  const errors: string[] = [];
  const err = (path: string, msg: string): void => void errors.push(`${file}: ${path}: ${msg}`);
  if (!isObj(raw)) return { errors: [`${file}: expected a JSON object at the top level`] };
  unknownKeys(raw, ['id', 'title', 'kind', 'description', 'steps'], '', err);
  const id = str(raw, 'id', '', err, true);
  if (id !== undefined && !ID.test(id)) err('id', `"${id}" must be lower-case letters, digits, - or _`);
  const title = str(raw, 'title', '', err, true);
  const description = str(raw, 'description', '', err, false) ?? '';
  const kind = raw.kind ?? 'maintenance';
  if (!KINDS.includes(kind as (typeof KINDS)[number])) err('kind', `expected one of ${KINDS.join(', ')}`);
  const steps: StepDef[] = [];
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) err('steps', 'expected a non-empty array of steps');
  else {
    const seen = new Set<string>();
    raw.steps.forEach((s, i) => {
      const step = validateStep(s, `steps[${i}]`, err);
      if (!step) return;
      if (seen.has(step.id)) err(`steps[${i}].id`, `"${step.id}" is used by an earlier step`);
      seen.add(step.id);
      steps.push(step);
    });
  }
  if (errors.length > 0) return { errors };
  return { def: { id: id!, title: title!, kind: kind as ChecklistDef['kind'], description, steps, source: file } };
}

type Err = (path: string, msg: string) => void;

function validateStep(s: unknown, at: string, err: Err): StepDef | undefined {
  if (!isObj(s)) return err(at, 'expected an object'), undefined;
  unknownKeys(s, ['id', 'title', 'why', 'check', 'remediation', 'jump'], at, err);
  const id = str(s, 'id', at, err, true);
  if (id !== undefined && !ID.test(id)) err(`${at}.id`, `"${id}" must be lower-case letters, digits, - or _`);
  const title = str(s, 'title', at, err, true);
  const why = str(s, 'why', at, err, true);
  const step: StepDef = { id: id ?? '', title: title ?? '', why: why ?? '' };
  if (s.check !== undefined) {
    const c = s.check;
    const cat = `${at}.check`;
    if (!isObj(c)) err(cat, 'expected an object { "id": "<built-in check>", "thresholds": {…} }');
    else {
      unknownKeys(c, ['id', 'thresholds', 'sql', 'column', 'below', 'command'], cat, err);
      if (c.sql !== undefined) {
        const ref = sqlCheck(c, cat, err);
        if (ref) step.check = ref;
      } else {
        const cid = str(c, 'id', cat, err, true);
        if (cid !== undefined && !CHECKS.has(cid)) err(`${cat}.id`, `unknown check "${cid}" (known: ${[...CHECKS.keys()].join(', ')}), or "sql" for a check of your own`);
        for (const k of ['column', 'below'] as const) if (c[k] !== undefined) err(`${cat}.${k}`, 'only for a check defined by "sql"');
        const th = c.thresholds === undefined ? undefined : thresholds(c.thresholds, `${cat}.thresholds`, err);
        const command = c.command === undefined ? undefined : commandOf(c.command, cid, `${cat}.command`, err);
        if (cid !== undefined) step.check = { id: cid, ...(th ? { thresholds: th } : {}), ...(command ? { command } : {}) };
      }
    }
  }
  if (s.remediation !== undefined) {
    const r = s.remediation;
    if (!isObj(r)) err(`${at}.remediation`, 'expected an object { "sql": "…", "action": "…" }');
    else {
      unknownKeys(r, ['sql', 'action'], `${at}.remediation`, err);
      const sql = str(r, 'sql', `${at}.remediation`, err, false);
      const action = str(r, 'action', `${at}.remediation`, err, false);
      step.remediation = { ...(sql !== undefined ? { sql } : {}), ...(action !== undefined ? { action } : {}) };
    }
  }
  if (s.jump !== undefined) {
    const j = s.jump;
    if (!isObj(j)) err(`${at}.jump`, 'expected an object { "screen": "activity", "filter": "…" }');
    else {
      unknownKeys(j, ['screen', 'filter'], `${at}.jump`, err);
      const screen = str(j, 'screen', `${at}.jump`, err, true);
      const filter = str(j, 'filter', `${at}.jump`, err, false);
      if (screen !== undefined) step.jump = filter !== undefined ? { screen, filter } : { screen };
    }
  }
  return step;
}

/** The program that prints the last backup's time: an argv array, for base_backup_age only. */
function commandOf(v: unknown, id: string | undefined, at: string, err: Err): string[] | undefined {
  if (id !== 'base_backup_age') return err(at, 'only for the check "base_backup_age"'), undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x !== '')) return err(at, 'expected a non-empty array of strings: the program and its arguments (no shell)'), undefined;
  return v as string[];
}

/** A check the user defines by one SELECT and a column graded against thresholds. */
function sqlCheck(c: Obj, at: string, err: Err): CheckRef | undefined {
  if (c.id !== undefined) err(`${at}.id`, 'a check has either "id" (a built-in check) or "sql" (your own), not both');
  const sql = str(c, 'sql', at, err, true);
  const column = str(c, 'column', at, err, true);
  if (c.below !== undefined && typeof c.below !== 'boolean') err(`${at}.below`, 'expected true or false');
  if (c.thresholds === undefined) err(`${at}.thresholds`, 'missing (expected { "warn": n, "fail": n }: what the column is graded against)');
  const th = c.thresholds === undefined ? undefined : thresholds(c.thresholds, `${at}.thresholds`, err);
  if (th && th.warn === undefined && th.fail === undefined) err(`${at}.thresholds`, 'expected "warn" or "fail" (or both)');
  if (sql === undefined || column === undefined || !th) return undefined;
  return { id: USER_SQL_CHECK, sql, column, thresholds: th, ...(c.below === true ? { below: true } : {}) };
}

function thresholds(v: unknown, at: string, err: Err): Thresholds | undefined {
  if (!isObj(v)) return err(at, 'expected an object { "warn": n, "fail": n, "min": n }'), undefined;
  unknownKeys(v, ['warn', 'fail', 'min'], at, err);
  const out: Thresholds = {};
  for (const k of ['warn', 'fail', 'min'] as const) {
    if (v[k] === undefined) continue;
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) err(`${at}.${k}`, 'expected a number');
    else out[k] = v[k];
  }
  return out;
}

function str(o: Obj, key: string, at: string, err: Err, required: boolean): string | undefined {
  const path = at ? `${at}.${key}` : key;
  const v = o[key];
  if (v === undefined) {
    if (required) err(path, 'missing (expected a string)');
    return undefined;
  }
  if (typeof v !== 'string' || (required && v.trim() === '')) {
    err(path, 'expected a non-empty string');
    return undefined;
  }
  return v;
}

function unknownKeys(o: Obj, known: string[], at: string, err: Err): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) err(at ? `${at}.${k}` : k, `unknown field (expected one of ${known.join(', ')})`);
}
