import { Router } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { sessionNav, teachesSession } from '../enrolment';
import { sendCsv } from '../lib/csv';
import { parseId } from '../lib/http';
import type { Logger } from '../lib/logger';
import type { Mailer } from '../notifications';
import { accessOf, filtersOf, filtersQuery, staffAccessOf } from './progress-request';
import { addLearnerMessageRoutes } from './learner-messages.routes';
import { addMoreTimeRoutes } from './more-time.routes';
import { completionClosesText, completionSummary, emailLinkText, participationChart, progressColumns, progressCsv, progressRows } from './progress.presenter';
import { PROGRESS_PAGE_SIZE, progressLearners, progressPage } from './progress.service';
import { renderProgressRows } from './progress.view';
import { whatsLeftPanel } from './whats-left.service';
import { checkWeekFilter } from './week-filter';

export interface CompletionRouterDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  logger?: Logger;
}

/** The learner's "What's left" page and the staff's progress table, CSV and chart. */
export function completionRouter(deps: CompletionRouterDeps): Router {
  const router = Router();

  router.get('/sessions/:id/whats-left', requireUser, async function showWhatsLeft(req, res) {
    const access = await accessOf(deps.db, req);
    if (access.as !== 'learner') return res.redirect(`/sessions/${access.session.id}/progress`);
    const whatsLeft = await whatsLeftPanel(deps, access.session.id, access.enrolmentId);
    res.render('completion/whats-left', {
      title: `What’s left · ${whatsLeft.courseTitle}`,
      whatsLeft,
      sessionNav: sessionNav(access, whatsLeft.courseTitle, 'overview'),
    });
  });

  router.get('/sessions/:id/progress', requireUser, async function showProgress(req, res) {
    const access = await staffAccessOf(deps.db, req);
    const asked = filtersOf(req.query);
    // Long cohorts are shown a page at a time: the page stays quick to render and to read.
    const requested = parseId(typeof req.query.page === 'string' ? req.query.page : undefined) ?? 1;
    let view = await progressPage(deps.db, access.session.id, asked, requested);
    const { filters, notice: weekNotice } = checkWeekFilter(req.query.behind, asked, view.plan.weeks);
    // Read again without a week the session turned out not to have (only the plan knows its weeks).
    if (filters.behindWeek !== asked.behindWeek) view = await progressPage(deps.db, access.session.id, filters, requested);
    const { plan, page } = view;
    const rows = progressRows(view.learners, plan.session);
    const query = filtersQuery(filters);
    res.render('completion/progress', {
      title: `Progress · ${plan.session.course_title}`,
      sessionNav: sessionNav(access, plan.session.course_title, 'progress'),
      session: plan.session,
      columns: progressColumns(plan),
      rows,
      rowsHtml: renderProgressRows(rows, access.as === 'admin', teachesSession(access)),
      paging: { page, pageCount: view.pageCount, first: (page - 1) * PROGRESS_PAGE_SIZE + 1, last: (page - 1) * PROGRESS_PAGE_SIZE + view.learners.length, matching: view.matching },
      emailLink: emailLinkText(view.matching, view.emailable),
      total: view.total,
      completionSummary: completionSummary(view.completeCount, view.total),
      completionCloses: completionClosesText(plan.session, new Date()),
      weeks: plan.weeks,
      filters,
      weekNotice,
      csvQuery: query,
      chart: participationChart(view.participation, view.total),
      isAdmin: access.as === 'admin',
      teaches: teachesSession(access),
      cancelled: access.session.status === 'cancelled',
    });
  });

  router.get('/sessions/:id/progress.csv', requireUser, async function downloadProgress(req, res) {
    const access = await staffAccessOf(deps.db, req);
    const { plan, learners } = await progressLearners(deps.db, access.session.id, filtersOf(req.query));
    sendCsv(res, `completions-session-${access.session.id}.csv`, progressCsv(plan, learners));
  });

  addLearnerMessageRoutes(router, deps);
  addMoreTimeRoutes(router, deps);
  return router;
}
