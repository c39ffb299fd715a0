import { Router, type Request, type Response } from 'express';
import { formatInZone } from '../lib/dates';
import { requireUser } from '../auth';
import { isStaff, sessionNav, cancellationNotice, refuseIfCancelled } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { lockedWeekViewFor } from '../modules';
import { NO_NEW_THREADS } from './discussions.policy';
import { listBoards, markBoardRead, openBoard, setPostBeforeViewing, supportResources, unreadCountForWeek } from './board.service';
import type { DiscussionDeps } from './discussions.deps';
import { BoardQuery, BoardSettingsForm, SEARCH_MAX_LENGTH, SearchQueryForm, ThreadForm } from './discussions.schemas';
import type { BoardContext } from './discussions.types';
import { startThread } from './posts.service';
import { readBoard } from './thread.service';
import { searchDiscussions } from './search.service';

function weekParam(value: unknown): number {
  const week = parseId(value);
  if (!week || week > 52) throw new NotFoundError();
  return week;
}

function sessionParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

async function renderBoard(deps: DiscussionDeps, req: Request, res: Response, ctx: BoardContext, form: { status?: number; errors?: Record<string, string>; values?: Record<string, string> } = {}) {
  const query = BoardQuery.parse(req.query);
  const [board, unreadThreads] = await Promise.all([
    readBoard(deps.db, ctx, query.before),
    unreadCountForWeek(deps.db, ctx),
  ]);
  const zone = ctx.access.session.time_zone;
  res.status(form.status ?? 200).render('discussions/board', {
    title: `Week ${ctx.module.week} discussion`,
    sessionNav: sessionNav(ctx.access, ctx.module.course_title, 'discussion'),
    sessionId: ctx.access.session.id,
    module: ctx.module,
    staff: isStaff(ctx.access),
    cancelledNotice: cancellationNotice(ctx.access.session),
    restricted: ctx.restricted,
    postBeforeViewing: ctx.postBeforeViewing,
    threads: board.threads.map((t) => ({ ...t, lastPostText: formatInZone(t.lastPostAt, zone, 'd LLL, HH:mm') })),
    nextBefore: board.nextBefore,
    unreadThreads,
    firstPage: !query.before,
    room: `board:${ctx.access.session.id}:${ctx.module.week}`,
    errors: form.errors ?? {},
    values: form.values ?? {},
  });
}

/** The boards of a session, each week's board, and starting threads. */
export function discussionsRouter(deps: DiscussionDeps): Router {
  const router = Router();

  router.get('/sessions/:id/discussions', requireUser, async function showBoards(req, res) {
    const { access, courseTitle, boards } = await listBoards(deps.db, req.user, sessionParam(req.params.id));
    const zone = access.session.time_zone;
    res.render('discussions/boards', {
      title: 'Discussion',
      sessionNav: sessionNav(access, courseTitle, 'discussion'),
      sessionId: access.session.id,
      cancelledNotice: cancellationNotice(access.session),
      boards: boards.map((b) => ({ ...b, opensText: formatInZone(b.opensAt, zone, 'd LLL yyyy') })),
    });
  });

  router.get('/sessions/:id/discussions/search', requireUser, async function searchBoards(req, res) {
    const { q, page } = SearchQueryForm.parse(req.query);
    const tooLong = q.length > SEARCH_MAX_LENGTH;
    const search = await searchDiscussions(deps.db, req.user, sessionParam(req.params.id), tooLong ? '' : q, page);
    res.status(tooLong ? 422 : 200).render('discussions/search', {
      title: q ? `Search: ${q} · Discussion` : 'Search the discussion',
      sessionNav: sessionNav(search.access, search.courseTitle, 'discussion'),
      sessionId: search.access.session.id,
      q,
      errors: tooLong ? { q: `Please keep your search to ${SEARCH_MAX_LENGTH} characters.` } : {},
      searched: Boolean(q) && !tooLong,
      ...search,
    });
  });

  router.get('/sessions/:id/weeks/:week/discussion', requireUser, async function showBoard(req, res) {
    const sessionId = sessionParam(req.params.id);
    const week = weekParam(req.params.week);
    let ctx: BoardContext;
    try {
      ctx = await openBoard(deps.db, req.user, sessionId, week);
    } catch (err) {
      const locked = err instanceof NotFoundError ? await lockedWeekViewFor(deps.db, req.user, sessionId, week, 'discussion') : undefined;
      if (locked) return res.render('modules/week-locked', locked);
      throw err;
    }
    await renderBoard(deps, req, res, ctx);
  });

  router.post('/sessions/:id/weeks/:week/discussion/threads', requireUser, async function postThread(req, res) {
    const ctx = await openBoard(deps.db, req.user, sessionParam(req.params.id), weekParam(req.params.week));
    refuseIfCancelled(ctx.access.session, NO_NEW_THREADS);
    const form = ThreadForm.safeParse(req.body);
    if (!form.success) return renderBoard(deps, req, res, ctx, { status: 422, errors: fieldErrors(form.error), values: keptValues(req.body) });
    const result = await startThread(deps, ctx, { title: form.data.title, body: form.data.body, contentNote: form.data.content_note });
    flash(req, 'success', result.held ? 'Thank you. Your first post is with the instructor for a quick look and will appear once approved.' : 'Your thread is posted.');
    res.redirect(`/threads/${result.threadId}`);
  });

  router.post('/sessions/:id/weeks/:week/discussion/read', requireUser, async function markRead(req, res) {
    const ctx = await openBoard(deps.db, req.user, sessionParam(req.params.id), weekParam(req.params.week));
    await markBoardRead(deps.db, ctx);
    flash(req, 'success', `Everything on the week ${ctx.module.week} board is marked as read.`);
    res.redirect(`/sessions/${ctx.access.session.id}/weeks/${ctx.module.week}/discussion`);
  });

  router.post('/sessions/:id/weeks/:week/discussion/settings', requireUser, async function saveSettings(req, res) {
    const ctx = await openBoard(deps.db, req.user, sessionParam(req.params.id), weekParam(req.params.week));
    const form = BoardSettingsForm.parse(req.body);
    await setPostBeforeViewing(deps.db, ctx, form.post_before_viewing);
    flash(req, 'success', form.post_before_viewing ? 'Learners now see others’ threads after posting their own.' : 'Learners now see every thread straight away.');
    res.redirect(`/sessions/${ctx.access.session.id}/weeks/${ctx.module.week}/discussion`);
  });

  router.get('/sessions/:id/support', requireUser, async function showSupport(req, res) {
    const { access, courseTitle, supportHtml } = await supportResources(deps.db, req.user, sessionParam(req.params.id));
    res.render('discussions/support', { title: 'Support', sessionNav: sessionNav(access, courseTitle, 'discussion'), supportHtml });
  });

  return router;
}
