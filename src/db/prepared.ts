import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

// Statement names by SQL text: hashing a page's long SQL on every view cost more than looking it up.
const namesBySql = new Map<string, string>();
const MAX_NAMES = 1000;

function nameFor(purpose: string, sql: string): string {
  const key = `${purpose}\n${sql}`;
  let name = namesBySql.get(key);
  if (name === undefined) {
    name = `${purpose}-${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    // Values are bindings, so the texts are few; the bound only guards against a caller that inlines them.
    if (namesBySql.size >= MAX_NAMES) namesBySql.clear();
    namesBySql.set(key, name);
  }
  return name;
}

/**
 * Names a statement that runs on every view of a page, so that PostgreSQL parses and plans it once
 * per connection rather than each time (for a page's larger queries planning costs more than
 * running them). The name follows the SQL text, whose values are all bindings, so two different
 * statements never share a name. Statements named this way list their columns: a `*` would break
 * on a connection that prepared it before a migration changed the table. The embedded database
 * ignores the name.
 *
 * The query is compiled here, once: Knex would otherwise compile it again to run it. So the
 * query must be complete when it is passed in.
 */
export function prepared<T extends Knex.QueryBuilder | Knex.Raw>(q: T, purpose: string): T {
  const compiled = q.toSQL() as Knex.Sql & { options?: Record<string, unknown> };
  compiled.options = { ...compiled.options, name: nameFor(purpose, compiled.sql) };
  (q as { toSQL: () => Knex.Sql }).toSQL = () => compiled;
  return q;
}
