/**
 * Help as the operator pages through it. Each page is taken once it is drawn: a test that reads
 * the frame right after the key may read the page before, and a check that something is absent
 * from help would then pass on pages it never saw.
 */
import type { Rendered } from './render';

/** The help title says which lines are shown: "Help 209-230/230" is the last page. */
const RANGE = /Help (\d+)-(\d+)\/(\d+)/;
const atEnd = (f: string): boolean => {
  const m = RANGE.exec(f);
  return m !== null && m[2] === m[3];
};

/** Opens help and pages to its end; returns every page as drawn. */
export async function helpPages(a: Rendered): Promise<string[]> {
  await a.press('app.help');
  let f = await a.waitFor((g) => RANGE.test(g));
  const pages = [f];
  while (!atEnd(f)) {
    const before = f;
    await a.press('viewer.pageDown');
    f = await a.waitFor((g) => g !== before);
    pages.push(f);
  }
  return pages;
}
