import { libpqEnv } from '../../src/backups/pg-tools';

// pg_dump and pg_restore get the app's DATABASE_URL as libpq's environment, never on a command line.
describe('the connection URL as libpq reads it', () => {
  it('names the host, port, user, password and database, the password decoded', () => {
    expect(libpqEnv('postgres://kindred:p%40ss%2Fword@db:5433/kindred_live')).toEqual({
      PGHOST: 'db',
      PGPORT: '5433',
      PGUSER: 'kindred',
      PGPASSWORD: 'p@ss/word',
      PGDATABASE: 'kindred_live',
    });
  });

  it('takes a Unix socket’s folder from ?host=, as pg does, and leaves out what the URL does not say', () => {
    expect(libpqEnv('postgresql://postgres@localhost/kindred?host=/var/run/postgresql')).toEqual({ PGHOST: '/var/run/postgresql', PGUSER: 'postgres', PGDATABASE: 'kindred' });
  });

  it('asks for TLS when the URL does, in either spelling', () => {
    expect(libpqEnv('postgres://u@db/k?sslmode=verify-full').PGSSLMODE).toBe('verify-full');
    expect(libpqEnv('postgres://u@db/k?ssl=true').PGSSLMODE).toBe('require');
    expect(libpqEnv('postgres://u@db/k').PGSSLMODE).toBeUndefined();
  });
});
