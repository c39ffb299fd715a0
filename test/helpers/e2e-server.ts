import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { Server as SocketServer } from 'socket.io';
import { createApp } from '../../src/app';
import { attachDiscussionSockets } from '../../src/discussions';
import { createSocketRealtime } from '../../src/lib/realtime';
import { attachSocketAdapter } from '../../src/lib/socket-adapter';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db';
import { prepareDatabase } from '../../src/db/prepare';
import { createLogger } from '../../src/lib/logger';
import { createMailer } from '../../src/notifications';
import { createLocalStorage } from '../../src/files';
import { startScheduledJobs } from '../../src/jobs/scheduler';

export interface E2eServer {
  baseUrl: string;
  /** The app's own database, for arranging what a journey cannot reach through pages. */
  db: Knex;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real app, wired as src/server.ts wires it (Socket.io and scheduled jobs included), listening on a free port of 127.0.0.1 with a
 * fresh embedded database of its own (migrated and seeded with the demo accounts).
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-e2e-'));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    BASE_URL: baseUrl,
    SEED_DEMO: 'true',
    LOGIN_RATE_LIMIT: '1000',
    REGISTER_RATE_LIMIT: '1000',
    ...env,
  });
  // Errors only: a failing journey should show why the server answered 500.
  const full = createLogger();
  const logger = { info: () => undefined, warn: full.warn, error: full.error };
  const database = createDb(config);
  await prepareDatabase(database.knex, { demo: config.seedDemo });
  const mailer = createMailer({ db: database.knex, smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const storage = createLocalStorage(config.uploadDir);
  const io = new SocketServer();
  const socketAdapter = attachSocketAdapter(io, { database, databaseUrl: config.databaseUrl, logger });
  const { app, sessionStore, sessionMiddleware } = createApp({ config, database, mailer, logger, storage, realtime: createSocketRealtime(io) });
  server.on('request', app);
  io.attach(server);
  attachDiscussionSockets(io, { db: database.knex, sessionMiddleware, logger });
  const jobs = startScheduledJobs({ db: database.knex, mailer, baseUrl: config.baseUrl, logger });

  return {
    baseUrl,
    db: database.knex,
    dataDir,
    async close() {
      const jobsStopped = jobs.stop();
      io.disconnectSockets(true);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sessionStore.stop();
      await jobsStopped;
      await mailer.delivery?.stop();
      await socketAdapter.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
