/** The same server, another database name. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The maintenance database, for creating and dropping per-file databases. */
export function adminUrl(url: string): string {
  return databaseUrl(url, 'postgres');
}
