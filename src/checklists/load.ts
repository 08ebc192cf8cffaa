/**
 * Where checklists come from: the built-in ones and the user's JSON files in
 * `$XDG_CONFIG_HOME/pgwarden/checklists/` (default `~/.config/pgwarden/checklists/`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { BUILT_IN } from './defs';
import type { ChecklistDef } from './types';
import { validateChecklist } from './validate';

/** The user's checklist directory. A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored. */
export function userChecklistDir(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'pgwarden', 'checklists');
}

export interface Loaded {
  checklists: ChecklistDef[];
  /** One line per problem, naming the file and field; the file is skipped, the others load. */
  errors: string[];
}

/** Built-in checklists followed by the valid user files (sorted by file name). */
export async function loadChecklists(dir: string): Promise<Loaded> {
  const checklists = [...BUILT_IN];
  const errors: string[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') errors.push(`${dir}: ${(e as Error).message}`);
  }
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    const r = validateChecklist(file, text);
    if ('errors' in r) {
      errors.push(...r.errors);
      continue;
    }
    const clash = checklists.find((c) => c.id === r.def.id);
    if (clash) {
      errors.push(`${file}: id: "${r.def.id}" is already used by ${clash.source === 'built-in' ? 'a built-in checklist' : clash.source}`);
      continue;
    }
    checklists.push(r.def);
  }
  return { checklists, errors };
}
