/**
 * The workload's statement catalogue. pg_stat_statements groups statements by shape, not by
 * constants, so a realistic spread needs many distinct shapes: column lists, predicates and
 * orderings are combined here into a few hundred of them.
 */

/** One statement and how to make its parameters. */
export interface WorkStatement {
  sql: string;
  params: () => unknown[];
}

const USERS = 80_000;
const rnd = (n: number): number => 1 + Math.floor(Math.random() * n);

function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

const USER_PREDICATES: Array<[string, () => unknown[]]> = [
  ['id = $1', () => [rnd(USERS)]],
  ['id BETWEEN $1 AND $1 + 20', () => [rnd(USERS)]],
  ['email = $1', () => [`user${rnd(USERS)}@example.com`]],
  ['country = $1 AND id > $2', () => ['DE', rnd(USERS)]],
  ['created_at > now() - $1::interval AND id < $2', () => ['3 days', rnd(USERS)]],
];
const USER_ORDERINGS = ['', ' ORDER BY id', ' ORDER BY created_at DESC'];

/** Point reads and small range reads: ~300 distinct shapes. */
export function readStatements(): WorkStatement[] {
  const out: WorkStatement[] = [];
  for (const cols of subsets(['id', 'name', 'email', 'country', 'created_at'])) {
    for (const [where, params] of USER_PREDICATES) {
      const order = USER_ORDERINGS[(cols.length + where.length) % USER_ORDERINGS.length];
      out.push({ sql: `SELECT ${cols.join(', ')} FROM users WHERE ${where}${order} LIMIT 20`, params });
    }
  }
  for (const cols of subsets(['id', 'user_id', 'status', 'amount_cents', 'created_at'])) {
    out.push({ sql: `SELECT ${cols.join(', ')} FROM orders WHERE id = $1`, params: () => [rnd(1_600_000)] });
  }
  for (const cols of subsets(['id', 'user_id', 'items', 'updated_at'])) {
    out.push({ sql: `SELECT ${cols.join(', ')} FROM carts WHERE id = $1`, params: () => [rnd(5000)] });
    out.push({ sql: `SELECT ${cols.join(', ')} FROM carts WHERE user_id = $1`, params: () => [rnd(USERS)] });
  }
  return dedupe(out);
}

/** Writes, each run in its own transaction by the caller: churn on inventory and carts, new orders. */
export function writeStatements(): WorkStatement[][] {
  return [
    [{ sql: 'UPDATE inventory SET stock = stock - 1, updated_at = now() WHERE sku = $1', params: () => [rnd(2000)] }],
    [{ sql: 'UPDATE carts SET items = items + 1, updated_at = now() WHERE id = $1', params: () => [rnd(5000)] }],
    [{ sql: 'UPDATE carts SET items = 0, updated_at = now() WHERE id = $1', params: () => [rnd(5000)] }],
    [
      { sql: 'UPDATE inventory SET stock = stock - 1, updated_at = now() WHERE sku = $1', params: () => [rnd(2000)] },
      {
        sql: "INSERT INTO orders (user_id, status, amount_cents, created_at) VALUES ($1, 'pending', $2, now())",
        params: () => [rnd(USERS), rnd(20000)],
      },
    ],
    [{ sql: "UPDATE orders SET status = 'shipped' WHERE id = $1 AND status = 'pending'", params: () => [rnd(1_600_000)] }],
    [{ sql: 'UPDATE inventory SET stock = 100 WHERE sku BETWEEN $1 AND $1 + 50', params: () => [rnd(1950)] }],
  ];
}

/** The report every operations guide starts with: a seq scan over orders that removes most rows. */
export const SLOW_REPORT: WorkStatement = {
  sql: `SELECT user_id, count(*) AS orders, sum(amount_cents) AS revenue
          FROM orders
         WHERE status = 'completed' AND created_at > now() - interval '30 days'
         GROUP BY user_id ORDER BY revenue DESC LIMIT 10`,
  params: () => [],
};

function dedupe(list: WorkStatement[]): WorkStatement[] {
  const seen = new Set<string>();
  return list.filter((s) => !seen.has(s.sql) && seen.add(s.sql));
}
