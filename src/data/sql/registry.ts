/**
 * Every SQL file pgwarden runs, by query id and the first major each variant applies to.
 * A test proves each file under src/data/sql is listed here and that all variants of a query return
 * the same columns, so a renamed or forgotten file cannot ship unnoticed.
 *
 * To add a query: put `<id>/<id>.pgNN.sql` next to the others (opening with a comment on what
 * changed in that major), import it below and add it to QUERIES.
 */
import server13 from './server/server.pg13.sql';
import summary13 from './summary/summary.pg13.sql';
import dbsize13 from './dbsize/dbsize.pg13.sql';
import activity13 from './activity/activity.pg13.sql';
import activity14 from './activity/activity.pg14.sql';

/** One SQL text that applies from `minMajor` up to the next variant's minMajor. */
export interface SqlVariant {
  minMajor: number;
  /** Path relative to src/data/sql. */
  file: string;
  text: string;
}

const v = (minMajor: number, file: string, text: string): SqlVariant => ({ minMajor, file, text });

export const QUERIES = {
  server: [v(13, 'server/server.pg13.sql', server13)],
  summary: [v(13, 'summary/summary.pg13.sql', summary13)],
  dbsize: [v(13, 'dbsize/dbsize.pg13.sql', dbsize13)],
  activity: [v(13, 'activity/activity.pg13.sql', activity13), v(14, 'activity/activity.pg14.sql', activity14)],
} satisfies Record<string, SqlVariant[]>;

export type QueryId = keyof typeof QUERIES;

/** The lowest major pgwarden supports; older servers are refused at connect with a clear message. */
export const MIN_MAJOR = 13;

/** The variant for a server major: the one with the highest minMajor not above it. */
export function sqlFor(id: QueryId, major: number): SqlVariant {
  const variants: SqlVariant[] = QUERIES[id];
  let best: SqlVariant | undefined;
  for (const variant of variants) if (variant.minMajor <= major && (!best || variant.minMajor > best.minMajor)) best = variant;
  if (!best) throw new Error(`no SQL for ${id} on PostgreSQL ${major}`);
  return best;
}
