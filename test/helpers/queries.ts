import type { Knex } from 'knex';

/** The SQL the app sends while fn runs, leaving out the login session's own reads and writes. */
export async function queriesDuring<T>(db: Knex, fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const listen = (q: { sql: string }) => {
    if (!q.sql.includes('http_sessions')) sql.push(q.sql);
  };
  db.on('query', listen);
  try {
    return { result: await fn(), sql };
  } finally {
    db.removeListener('query', listen);
  }
}
