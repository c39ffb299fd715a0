import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { certificateChecksSettled } from '../../src/completion';
import { loadConfig, type Config } from '../../src/config';
import type { Database } from '../../src/db';
import { silentLogger, type Logger } from '../../src/lib/logger';
import { createMailer, type Mailer } from '../../src/notifications';
import { createLocalStorage, type Storage } from '../../src/files';
import { createTestDatabase } from './db';

export interface TestContext {
  app: Express;
  config: Config;
  database: Database;
  db: Database['knex'];
  mailer: Mailer;
  storage: Storage;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-test-data-'));
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0000',
    BASE_URL: 'http://localhost:3000',
    LOGIN_RATE_LIMIT: '1000',
    REGISTER_RATE_LIMIT: '1000',
    ...overrides,
  });
}

/** A real app on a fresh database of its own; the mailer writes to that database's outbox (and sends through SMTP_URL when the env names one). */
export async function createTestContext(opts: { env?: Record<string, string>; database?: Database; logger?: Logger } = {}): Promise<TestContext> {
  const config = testConfig(opts.env);
  const database = opts.database ?? (await createTestDatabase());
  const mailer = createMailer({ db: database.knex, smtpUrl: config.smtpUrl, from: config.mailFrom, logger: silentLogger });
  const storage = createLocalStorage(config.uploadDir);
  const { app } = createApp({ config, database, mailer, logger: opts.logger ?? silentLogger, storage });
  return {
    app,
    config,
    database,
    db: database.knex,
    mailer,
    storage,
    async close() {
      await certificateChecksSettled();
      await mailer.delivery?.stop();
      await database.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
