import { describe, expect, it } from 'vitest';
import { filterColumns, suggestIndex } from '../../../src/explain/suggest';

describe('index suggestion from a filter', () => {
  it.each([
    [
      "((orders.status = 'completed'::text) AND (orders.created_at > '2024-12-01 00:00:00+00'::timestamp with time zone))",
      "CREATE INDEX CONCURRENTLY ON orders (created_at) WHERE status = 'completed'",
    ],
    ["((o.total > '90'::numeric) AND (o.status = 'completed'::text))", "CREATE INDEX CONCURRENTLY ON orders (total) WHERE status = 'completed'"],
    ['((orders.customer_id = $1) AND (orders.created_at >= $2))', 'CREATE INDEX CONCURRENTLY ON orders (customer_id, created_at)'],
    ["(orders.status = 'completed'::text)", 'CREATE INDEX CONCURRENTLY ON orders (status)'],
    ['((orders.created_at > (now() - \'7 days\'::interval)) AND (orders.deleted_at IS NULL))', 'CREATE INDEX CONCURRENTLY ON orders (created_at) WHERE deleted_at IS NULL'],
    ["((orders.status = ANY ('{a,b}'::text[])) AND (orders.id > 10))", "CREATE INDEX CONCURRENTLY ON orders (id) WHERE status = ANY ('{a,b}'::text[])"],
    ['(o."Weird Col" = 5)', 'CREATE INDEX CONCURRENTLY ON orders ("Weird Col")'],
  ])('%s', (filter, ddl) => {
    expect(suggestIndex(filter, 'orders', 'public')?.ddl).toBe(ddl);
  });

  it('qualifies a relation outside public and quotes what needs it', () => {
    expect(suggestIndex('(t.a = $1)', 'Order', 'shop')?.ddl).toBe('CREATE INDEX CONCURRENTLY ON shop."Order" (a)');
  });

  it('gives up on OR and on expressions of a column', () => {
    expect(suggestIndex("((o.a = 1) OR (o.b = 2))", 'o', 'public')).toBeNull();
    expect(suggestIndex("(lower(o.email) = 'x'::text)", 'o', 'public')).toBeNull();
    expect(suggestIndex(null, 'o', 'public')).toBeNull();
  });

  it('lists the compared columns for CREATE STATISTICS', () => {
    expect(filterColumns('((pairs.a = 1) AND (pairs.b = 1))')).toEqual(['a', 'b']);
    expect(filterColumns("((p.a = 'x;y''z'::text) AND (p.b > 2))")).toEqual(['a', 'b']);
  });
});
