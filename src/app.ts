import compression from 'compression';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from './config';
import type { Database } from './db';
import { AppError, NotFoundError } from './lib/errors';
import { keptText, sameSiteReferrer } from './lib/form-expired';
import { cleanFormText } from './lib/form-text';
import { takeFlash } from './lib/http';
import { requestLogger } from './lib/request-log';
import type { Logger } from './lib/logger';
import { publicDir, viewsDir } from './lib/paths';
import { fragmentRenderer } from './lib/fragments';
import { ejsEngine } from './lib/view-engine';
import { DatabaseSessionStore } from './lib/session-store';
import { csrfProtection, csrfTokenHolds, generateCsrfToken, isCsrfError, securityHeaders } from './lib/security';
import { authRouter, createPassport, credentialsRouter, wantsJson } from './auth';
import { healthRouter } from './health/health.routes';
import { outboxRouter, type Mailer } from './notifications';
import { homeRouter } from './home/home.routes';
import { jobsRouter } from './jobs';
import { formAddressesRouter } from './lib/form-addresses';
import { catalogueRouter, crawlersRouter } from './catalogue';
import { enrolmentRouter, sessionAdminRouter } from './enrolment';
import { peopleRouter } from './people';
import { calendarFeedRouter, modulesRouter } from './modules';
import { reflectionsRouter } from './reflections';
import { authoringRouter } from './authoring';
import { readMultipartForms, type Storage } from './files';
import { noRealtime, type Realtime } from './lib/realtime';
import { discussionsRouter, moderationRouter, preferencesRouter, threadRouter, unsubscribeRouter } from './discussions';
import { announcementsRouter } from './announcements';
import { toolkitRouter } from './toolkit';
import { checkinsRouter } from './checkins';
import { completionRouter, issueDueCertificatesAfterWrites } from './completion';
import { certificateRegisterRouter, certificatesAdminRouter, certificatesRouter } from './certificates';
import { evaluationsRouter } from './evaluations';
import { reviewsRouter } from './reviews';
import { accountRouter } from './account';
import { backupDepsOf, backupsRouter } from './backups';
import { privacyFacts, privacyRouter } from './privacy';
import { accessibilityRouter } from './accessibility';

export interface AppDeps {
  config: Config;
  database: Database;
  mailer: Mailer;
  logger: Logger;
  storage: Storage;
  /** Live updates to browsers (Socket.io in the process); none by default. */
  realtime?: Realtime;
  /** The process stopping: a backup an admin asked for that is still being made is cancelled. */
  stopping?: AbortSignal;
}

export interface BuiltApp {
  app: Express;
  /** The same session middleware, for Socket.io to read the login from the handshake. */
  sessionMiddleware: RequestHandler;
  /** Login-session store; close it on shutdown (it runs a cleanup timer). */
  sessionStore: DatabaseSessionStore;
}

/** Builds the Express app from its dependencies; it never listens and reads no environment. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, database, logger } = deps;
  const db = database.knex;
  const realtime = deps.realtime ?? noRealtime;
  const app = express();
  const https = config.baseUrl.startsWith('https:');

  app.engine('ejs', ejsEngine({ cache: config.env === 'production', checkOneByte: config.env === 'test' }));
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.set('view cache', config.env === 'production');
  app.disable('x-powered-by');
  // Pages carry per-reader state, so a hash of every rendered page buys no 304s; it cost a SHA-1
  // over each response (76 KB for a long thread). Static files keep their own ETags.
  app.set('etag', false);
  app.locals.baseUrl = config.baseUrl;
  app.locals.contactEmail = config.contactEmail;
  app.locals.fragment = fragmentRenderer({ cache: config.env === 'production' });

  if (config.logRequests) app.use(requestLogger(logger));
  app.use(securityHeaders({ https }));
  app.use(compression());
  app.use('/static', express.static(publicDir, { maxAge: config.env === 'production' ? '7d' : 0, index: false }));
  // Browsers and feed readers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use(healthRouter({ db }));

  const sessionStore = new DatabaseSessionStore({
    knex: db,
    tableName: 'http_sessions',
    createTable: false,
    cleanupInterval: config.env === 'test' ? 0 : 15 * 60_000,
    onDbCleanupError: (err) => logger.warn('session cleanup failed', { error: String(err) }),
  });
  const sessionMiddleware = session({
    name: 'kindred.sid',
    secret: config.sessionSecret,
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: https, maxAge: config.sessionIdleMinutes * 60_000 },
  });
  app.use(sessionMiddleware);

  const passport = createPassport({ db, sessionStore });
  app.use(passport.initialize());
  app.use(passport.session());
  // Signed-in pages hold a person's own words and progress. On a library's shared computer, the
  // next person must not read them through Back or the browser's cache after a logout. Routes
  // that set their own Cache-Control (downloads, feeds) replace this.
  app.use(function keepSignedInPagesOutOfCaches(req, res, next) {
    if (req.user) res.set('Cache-Control', 'private, no-store');
    next();
  });

  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(express.json({ limit: '200kb' }));
  app.use(readMultipartForms({ tokenHolds: csrfTokenHolds }));
  app.use(cleanFormText);
  app.use(takeFlash);
  app.use(function exposeLocals(req, res, next) {
    res.locals.currentUser = req.user;
    // Anonymous visitors get a token (and so a session row) only on pages with forms.
    res.locals.csrfToken = req.user || req.session.csrfToken ? generateCsrfToken(req) : '';
    res.locals.currentPath = req.path;
    res.locals.title = 'Kindred';
    next();
  });
  // The emailed unsubscribe link carries its own secret, so it works without login or CSRF token.
  app.use(unsubscribeRouter({ db }));
  app.use(csrfProtection);
  app.use(issueDueCertificatesAfterWrites({ db, mailer: deps.mailer, baseUrl: config.baseUrl, logger }));

  app.use(authRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, rateLimits: config.rateLimits, realtime }));
  app.use(credentialsRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, rateLimits: config.rateLimits, realtime }));
  app.use(homeRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl }));
  app.use(outboxRouter({ db, delivery: deps.mailer.delivery }));
  app.use(modulesRouter({ db, storage: deps.storage, mailer: deps.mailer, baseUrl: config.baseUrl }));
  app.use(calendarFeedRouter({ db, baseUrl: config.baseUrl }));
  app.use(reflectionsRouter({ db, mailer: deps.mailer, storage: deps.storage, baseUrl: config.baseUrl }));
  app.use(authoringRouter({ db, storage: deps.storage, mailer: deps.mailer, baseUrl: config.baseUrl, logger }));

  app.use(catalogueRouter({ db, baseUrl: config.baseUrl }));
  app.use(crawlersRouter({ db, baseUrl: config.baseUrl }));
  app.use(enrolmentRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, realtime }));
  app.use(sessionAdminRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, realtime }));
  app.use(peopleRouter({ db, realtime }));

  const discussionDeps = { db, mailer: deps.mailer, realtime, baseUrl: config.baseUrl, logger };
  app.use(discussionsRouter(discussionDeps));
  app.use(threadRouter(discussionDeps));
  app.use(moderationRouter(discussionDeps));
  app.use(preferencesRouter({ db }));
  app.use(announcementsRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl }));
  app.use(toolkitRouter({ db }));
  app.use(checkinsRouter({ db }));
  app.use(completionRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, logger }));
  app.use(certificatesRouter({ db, baseUrl: config.baseUrl, windowMinutes: config.rateLimits.windowMinutes }));
  app.use(certificateRegisterRouter({ db, baseUrl: config.baseUrl }));
  app.use(certificatesAdminRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, logger }));
  app.use(evaluationsRouter({ db, mailer: deps.mailer, baseUrl: config.baseUrl, logger }));
  app.use(reviewsRouter({ db }));
  const backup = backupDepsOf(config, database);
  app.use(jobsRouter({ db, backupsPossible: Boolean(backup) }));
  app.use(backupsRouter({ backup, databaseKind: database.kind, uploadDir: config.uploadDir, logger, stopping: deps.stopping }));
  app.use(accountRouter({ db, storage: deps.storage, mailer: deps.mailer, baseUrl: config.baseUrl, logger, realtime }));
  app.use(privacyRouter(privacyFacts(config, Boolean(backup))));
  app.use(accessibilityRouter(config));
  app.use(formAddressesRouter());

  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(logger, config.baseUrl));
  return { app, sessionMiddleware, sessionStore };
}

/** The one place errors become responses: a friendly page, or JSON for scripts; never a stack. */
function errorHandler(logger: Logger, baseUrl: string): ErrorRequestHandler {
  return function handleError(err, req, res, _next) {
    let status = 500;
    let message = 'Something went wrong on our side. Your work is saved; please try again in a moment.';
    if (err instanceof AppError) {
      status = err.status;
      message = err.message;
    } else if (isCsrfError(err)) {
      status = 403;
      // Read by scripts saving as someone writes: reloading would lose the words not yet saved, so copying comes first.
      message = req.user
        ? 'This page is out of date, so nothing was changed. Copy your text somewhere safe, then reload the page and paste it back in.'
        : 'Your login has ended, so nothing was changed. Copy your text somewhere safe, log in again in a new tab, then save it here.';
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status;
      message = err.type === 'entity.too.large' ? 'That was more text than we can take in one go, so nothing was saved. Please go back, shorten it and send it again.' : 'We could not read that request. Please try again.';
    } else {
      logger.error('request failed', { method: req.method, path: req.path, error: String(err?.stack ?? err) });
    }
    if (res.headersSent) return;
    // A body the parsers refused never reached the middleware that sets what every page shows.
    res.locals.currentPath ??= req.path;
    res.locals.currentUser ??= req.user;
    res.locals.csrfToken ??= '';
    res.locals.flash ??= {};
    res.status(status);
    if (wantsJson(req)) {
      res.json({ error: message });
      return;
    }
    const render = (template: string, locals: object) =>
      res.render(template, locals, (renderErr: Error | null, html?: string) => {
        if (renderErr) {
          logger.error('error page failed to render', { error: String(renderErr) });
          res.type('text').send(message);
          return;
        }
        res.send(html);
      });
    if (isCsrfError(err)) {
      // The page hands back what was typed, so an expired form loses nothing.
      const backTo = sameSiteReferrer(req, baseUrl);
      // "Log in again" then leads back to the form's page, where the kept text is pasted in; not when that
      // page was a refused send shown at the form's own address, which may only take sends.
      if (!req.user && backTo && req.session && new URL(backTo, baseUrl).pathname !== req.path) req.session.returnTo = backTo;
      render('errors/form-expired', { title: 'This form had expired', signedOut: !req.user, kept: keptText(req.body), backTo });
      return;
    }
    // A refused send hands back what was typed too (an edit too late, a thread locked meanwhile).
    const kept = req.method === 'POST' ? keptText(req.body) : [];
    render([401, 403, 404, 429].includes(status) ? `errors/${status}` : 'errors/error', { title: titleFor(status), message, status, kept });
  };
}

function titleFor(status: number): string {
  if (status === 404) return 'Page not found';
  if (status === 403) return 'Not available to your account';
  if (status === 401) return 'Please log in again';
  if (status === 429) return 'Too many attempts';
  if (status === 503) return 'Not available for a moment';
  return status >= 500 ? 'Something went wrong' : 'Please check and try again';
}
