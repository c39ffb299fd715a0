import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Names a statement that runs on every view of a page, so that PostgreSQL parses and plans it once
 * per connection rather than each time (for a page's larger queries planning costs more than
 * running them). The name follows the SQL text, whose values are all bindings, so two different
 * statements never share a name. Statements named this way list their columns: a `*` would break
 * on a connection that prepared it before a migration changed the table. The embedded database
 * ignores the name.
 */
export function prepared<T extends Knex.QueryBuilder | Knex.Raw>(q: T, purpose: string): T {
  const digest = createHash('sha1').update(q.toSQL().sql).digest('hex').slice(0, 20);
  return q.options({ name: `${purpose}-${digest}` }) as T;
}
