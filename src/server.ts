import http from 'node:http';
import { Server as SocketServer } from 'socket.io';
import { createApp } from './app';
import { attachDiscussionSockets } from './discussions';
import { certificateChecksSettled } from './completion';
import { createSocketRealtime } from './lib/realtime';
import { ConfigError, loadConfig, type Config } from './config';
import { createDb } from './db';
import { prepareDatabase } from './db/prepare';
import { createLogger } from './lib/logger';
import { attachSocketAdapter } from './lib/socket-adapter';
import { createMailer } from './notifications';
import { createLocalStorage } from './files';
import { startScheduledJobs } from './jobs/scheduler';
import { backupDepsOf } from './backups';
import { EmbeddedDatabaseInUseError, lockEmbeddedDatabase } from './db/embedded-lock';
import { listenProblem, whyCannotListen } from './lib/port-check';

function cannotStart(reason: string): never {
  console.error(`Kindred cannot start: ${reason}`);
  process.exit(1);
}

/** The process: config → database → app → listen, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Kindred cannot start: the configuration has a problem.\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // A stop asked for while the database is prepared waits for that to end: a migration or the first
  // seed cut off halfway would leave an embedded database that cannot be read.
  let pendingStop: string | undefined;
  let stop = (signal: string) => {
    pendingStop = signal;
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const cannotListen = await whyCannotListen(config.port, config.host);
  if (cannotListen) cannotStart(cannotListen);
  if (!config.databaseUrl) {
    try {
      const lock = lockEmbeddedDatabase(config.dataDir);
      process.on('exit', () => lock.release());
    } catch (err) {
      if (err instanceof EmbeddedDatabaseInUseError) cannotStart(err.message);
      throw err;
    }
  }

  const logger = createLogger();
  const started = Date.now();
  const database = createDb(config);
  logger.info('preparing the database', { database: database.kind });
  const { seeded } = await prepareDatabase(database.knex, { demo: config.seedDemo });
  if (pendingStop) {
    await database.close();
    logger.info('stopped before starting', { signal: pendingStop });
    process.exit(0);
  }
  const mailer = createMailer({ db: database.knex, smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const storage = createLocalStorage(config.uploadDir);
  const io = new SocketServer();
  const socketAdapter = attachSocketAdapter(io, { database, databaseUrl: config.databaseUrl, logger });
  const appStopping = new AbortController();
  const { app, sessionStore, sessionMiddleware } = createApp({ config, database, mailer, logger, storage, realtime: createSocketRealtime(io), stopping: appStopping.signal });
  const server = http.createServer(app);
  io.attach(server);
  attachDiscussionSockets(io, { db: database.knex, sessionMiddleware, logger });

  const jobs = startScheduledJobs({ db: database.knex, mailer, baseUrl: config.baseUrl, logger, contactEmail: config.contactEmail, backup: backupDepsOf(config, database) });

  server.once('error', async (err: NodeJS.ErrnoException) => {
    await jobs.stop();
    await database.close();
    cannotStart(listenProblem(err, config.port, config.host));
  });
  server.listen(config.port, config.host, () => {
    logger.info('Kindred is listening', {
      url: config.baseUrl,
      database: database.kind === 'embedded' ? `embedded (${config.dataDir}/pgdata)` : 'postgres',
      seeded,
      socket_adapter: socketAdapter.kind,
      startup_ms: Date.now() - started,
    });
    if (config.env === 'production' && !config.smtpUrl) logger.warn('no SMTP_URL: emails are kept in the outbox (Admin → Outbox), not sent');
  });

  let stopping = false;
  stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: finishing requests in flight', { signal });
    const force = setTimeout(async () => {
      logger.warn('stopping without waiting longer for requests or scheduled jobs in flight');
      await database.close().catch(() => undefined);
      process.exit(1);
    }, 10_000).unref();
    // No new pass starts; one in flight ends (a nightly backup being made is cancelled) before the database is closed.
    const jobsStopped = jobs.stop();
    // A backup an admin asked for is cancelled too; that request is then answered, saying so.
    appStopping.abort();
    io.disconnectSockets(true);
    // Behind a proxy that keeps connections open (deploy/nginx.conf), a request in flight leaves
    // its connection idle only after the first sweep; without more sweeps, the stop would wait for
    // Node's keep-alive timeout on each.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(async () => {
      clearInterval(idleSweep);
      sessionStore.stop();
      await jobsStopped;
      await certificateChecksSettled();
      await mailer.delivery?.stop();
      await socketAdapter.close();
      await database.close();
      logger.info('stopped');
      clearTimeout(force);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
}

main().catch((err) => {
  console.error(`Kindred could not start: ${err?.message ?? err}`);
  process.exit(1);
});
