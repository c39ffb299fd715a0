import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from '../../src/config';
import { APP_PROCESS_ARGS, projectRoot } from '../helpers/app-process';

const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/kindred-config-test', SESSION_SECRET: 's'.repeat(40) };

describe('configuration', () => {
  it('applies defaults for an empty environment outside production', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/kindred-config-test' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.uploadDir).toBe('/tmp/kindred-config-test/uploads');
    expect(config.backups).toEqual({ dir: '/tmp/kindred-config-test/backups', keep: 7 });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a port number \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a URL starting with postgres:\/\//],
    [{ SMTP_URL: 'not a url' }, /^SMTP_URL must be a URL/],
    [{ BASE_URL: 'ftp://x' }, /^BASE_URL must be a URL/],
    [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET must be at least 32 characters long$/],
    [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY must be true or false/],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV must be development, production or test/],
    [{ CONTACT_EMAIL: 'help at example' }, /^CONTACT_EMAIL must be an email address/],
    [{ BACKUP_KEEP: '0' }, /^BACKUP_KEEP must be at least 1/],
    [{ MAIL_FROM: 'kindred' }, /^MAIL_FROM must be an email address, alone or after a name, like .* \(got "kindred"\)$/],
    [{ MAIL_FROM: 'Kindred courses@example.org' }, /^MAIL_FROM must be an email address/],
    [{ MAIL_FROM: 'Kindred <courses at example.org>' }, /^MAIL_FROM must be an email address/],
    [{ MAIL_FROM: 'Kindred <courses@example.org>\r\nBcc: all@example.org' }, /^MAIL_FROM must be an email address/],
  ])('names the bad variable in one line: %o', (env, message) => {
    try {
      loadConfig({ ...base, ...env });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(1);
      expect((err as ConfigError).problems[0]).toMatch(message);
      expect((err as ConfigError).message).not.toContain('\n');
    }
  });

  it('takes a PostgreSQL URL that names a Unix socket directory, as libpq writes it', () => {
    for (const url of ['postgres://kindred@localhost/kindred?host=/var/run/postgresql', 'postgresql://kindred@%2Fvar%2Frun%2Fpostgresql/kindred']) {
      expect(loadConfig({ ...base, DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('reads where backups go and how many are kept', () => {
    expect(loadConfig({ ...base, BACKUP_DIR: '/srv/kindred-backups', BACKUP_KEEP: '30' }).backups).toEqual({ dir: '/srv/kindred-backups', keep: 30 });
  });

  it('reads an optional contact address, left unset by default', () => {
    expect(loadConfig(base).contactEmail).toBeUndefined();
    expect(loadConfig({ ...base, CONTACT_EMAIL: 'help@example.org' }).contactEmail).toBe('help@example.org');
  });

  it('takes the sender as an address, or a name and the address in angle brackets', () => {
    expect(loadConfig(base).mailFrom).toBe('Kindred <no-reply@kindred.local>');
    for (const sender of ['courses@example.org', 'Kindred <courses@example.org>', '"Kindred, the library" <courses@example.org>', '<courses@example.org>']) {
      expect(loadConfig({ ...base, MAIL_FROM: sender }).mailFrom).toBe(sender);
    }
    expect(loadConfig({ ...base, MAIL_FROM: '  Kindred <courses@example.org> ' }).mailFrom).toBe('Kindred <courses@example.org>');
  });

  it('lists every bad variable, one line each', () => {
    expect(() => loadConfig({ ...base, PORT: 'x', SMTP_URL: 'y' })).toThrow(/PORT[\s\S]*\n[\s\S]*SMTP_URL|SMTP_URL[\s\S]*\n[\s\S]*PORT/);
  });

  it('requires a session secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/tmp/x' })).toThrow('SESSION_SECRET is required in production');
  });

  it('stops the server process with one clear line when a value is malformed', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'not-a-port', DATA_DIR: '/tmp/kindred-config-test' };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, APP_PROCESS_ARGS, { cwd: projectRoot, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT must be a port number (got "not-a-port")');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
