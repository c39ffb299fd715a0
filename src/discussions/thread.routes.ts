import { Router, type Request, type Response } from 'express';
import { requireUser } from '../auth';
import { sessionNav } from '../enrolment';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId, type FlashKind } from '../lib/http';
import { flashAt, takePlacedNotice } from '../modules';
import { openThread, openThreadForReading } from './board.service';
import type { DiscussionDeps } from './discussions.deps';
import { EditForm, PageQuery, ReasonForm, ReplyForm, ReplyToQuery } from './discussions.schemas';
import type { ThreadContext } from './discussions.types';
import type { PostSummary } from './post-summary.presenter';
import type { ReaderState } from './thread-context';
import { CANCELLED_THREAD, LOCKED_THREAD, deleteOwnPost, editPost, editRevOf, findDeletablePost, findEditablePost, findReportablePost, replyToPost, reportPost, setFollowing } from './posts.service';
import { postStatusAnchor, renderPostList } from './posts.view';
import { locatePost, readThread } from './thread.service';

function idParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

const LAST_PAGE = 100000;

function reportLocals({ ctx, summary, reportedOn }: { ctx: ThreadContext; summary: PostSummary; reportedOn?: string }) {
  return { title: 'Report a post', sessionNav: sessionNav(ctx.access, ctx.module.course_title, 'discussion'), sessionId: ctx.access.session.id, thread: ctx.thread, postId: summary.id, summary, reportedOn };
}

interface FormState {
  status?: number;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

async function renderThread(deps: DiscussionDeps, req: Request, res: Response, ctx: ThreadContext & { reader: ReaderState }, form: FormState = {}) {
  const page = req.query.page === 'last' ? LAST_PAGE : PageQuery.parse(req.query).page;
  const replyTo = form.values?.parent_id ? parseId(form.values.parent_id) : ReplyToQuery.parse(req.query).reply_to;
  const data = await readThread(deps.db, ctx, page);
  const notice = takePlacedNotice(req, res, new Set(data.posts.map((p) => postStatusAnchor(p.id))));
  const postsHtml = renderPostList({
    posts: data.posts,
    notice,
    csrfToken: res.locals.csrfToken as string,
    replyLinks: ctx.access.session.status === 'cancelled' ? 'none' : ctx.thread.locked ? 'hidden' : 'shown',
    replyPrefix: `?page=${data.page}&reply_to=`,
  });
  res.status(form.status ?? 200).render('discussions/thread', {
    title: ctx.thread.title,
    sessionNav: sessionNav(ctx.access, ctx.module.course_title, 'discussion'),
    sessionId: ctx.access.session.id,
    week: ctx.module.week,
    thread: ctx.thread,
    ...data,
    postsHtml,
    replyTo,
    room: `thread:${ctx.thread.id}`,
    errors: form.errors ?? {},
    values: form.values ?? {},
  });
}

/** Reading a thread, replying, and an author's own edits, removals, reports and follows. */
export function threadRouter(deps: DiscussionDeps): Router {
  const router = Router();

  router.get('/threads/:threadId', requireUser, async function showThread(req, res) {
    const ctx = await openThreadForReading(deps.db, req.user, idParam(req.params.threadId));
    await renderThread(deps, req, res, ctx);
  });

  router.get('/posts/:postId', requireUser, async function showPostInThread(req, res) {
    const postId = idParam(req.params.postId);
    const { threadId, page } = await locatePost(deps.db, req.user, postId);
    // This is only a hop on the way to the thread: keep any message for the page that shows.
    for (const [kind, message] of Object.entries(res.locals.flash as Record<FlashKind, string | undefined>)) {
      if (message) flash(req, kind as FlashKind, message);
    }
    // A confirmation meant for this post is shown in it, and the page opens there.
    const anchor = req.session.flashPlace?.anchor === postStatusAnchor(postId) ? postStatusAnchor(postId) : `post-${postId}`;
    res.redirect(`/threads/${threadId}?page=${page}#${anchor}`);
  });

  router.post('/threads/:threadId/replies', requireUser, async function postReply(req, res) {
    const ctx = await openThread(deps.db, req.user, idParam(req.params.threadId));
    const values = keptValues(req.body);
    const form = ReplyForm.safeParse(req.body);
    if (!form.success) {
      const reading = await openThreadForReading(deps.db, req.user, ctx.thread.id);
      // A thread that takes no replies shows no form to mark a field in: say why, with what was typed in the box.
      const closed = reading.access.session.status === 'cancelled' ? CANCELLED_THREAD : reading.thread.locked ? LOCKED_THREAD : undefined;
      if (closed) return renderThread(deps, req, res, reading, { status: 409, errors: { _form: closed }, values });
      return renderThread(deps, req, res, reading, { status: 422, errors: fieldErrors(form.error), values });
    }
    try {
      const result = await replyToPost(deps, ctx, { body: form.data.body, contentNote: form.data.content_note, parentId: form.data.parent_id });
      const posted = result.held ? 'Thank you. Your first post is with the instructor for a quick look and will appear once approved.' : 'Your reply is posted.';
      flashAt(req, 'success', result.nowFollowing ? `${posted} You now follow this thread, so you will hear of new replies; “Stop following this thread” at its top undoes that.` : posted, postStatusAnchor(result.postId));
      res.redirect(`/posts/${result.postId}`);
    } catch (err) {
      if (err instanceof ConflictError || err instanceof ValidationError) {
        const fresh = await openThreadForReading(deps.db, req.user, ctx.thread.id);
        const kept = err instanceof ValidationError ? { ...values, parent_id: '' } : values;
        return renderThread(deps, req, res, fresh, { status: err.status, errors: { _form: err.message }, values: kept });
      }
      throw err;
    }
  });

  router.get('/posts/:postId/edit', requireUser, async function showEdit(req, res) {
    const { post, ctx } = await findEditablePost(deps, req.user!, idParam(req.params.postId));
    res.render('discussions/edit', {
      title: 'Edit your post',
      sessionNav: sessionNav(ctx.access, ctx.module.course_title, 'discussion'),
      sessionId: ctx.access.session.id,
      post,
      rev: editRevOf(post),
      thread: ctx.thread,
      errors: {},
      values: { body: post.body_md, content_note: post.content_note ?? '' },
    });
  });

  router.post('/posts/:postId/edit', requireUser, async function saveEdit(req, res) {
    const postId = idParam(req.params.postId);
    const { post, ctx } = await findEditablePost(deps, req.user!, postId);
    const form = EditForm.safeParse(req.body);
    if (!form.success) {
      return res.status(422).render('discussions/edit', {
        title: 'Edit your post',
        sessionNav: sessionNav(ctx.access, ctx.module.course_title, 'discussion'),
        sessionId: ctx.access.session.id,
        post,
        rev: editRevOf(post),
        thread: ctx.thread,
        errors: fieldErrors(form.error),
        values: keptValues(req.body),
      });
    }
    await editPost(deps, req.user!, postId, { body: form.data.body, contentNote: form.data.content_note, rev: form.data.rev });
    flashAt(req, 'success', 'Your post is updated.', postStatusAnchor(postId));
    res.redirect(`/posts/${postId}`);
  });

  router.get('/posts/:postId/delete', requireUser, async function confirmDelete(req, res) {
    const { ctx, summary } = await findDeletablePost(deps, req.user!, idParam(req.params.postId));
    res.render('discussions/delete', { title: 'Delete your post', sessionNav: sessionNav(ctx.access, ctx.module.course_title, 'discussion'), sessionId: ctx.access.session.id, summary });
  });

  router.post('/posts/:postId/delete', requireUser, async function removeOwnPost(req, res) {
    const postId = idParam(req.params.postId);
    await deleteOwnPost(deps, req.user!, postId);
    flashAt(req, 'success', 'Your post is removed. Replies to it stay in the thread.', postStatusAnchor(postId));
    res.redirect(`/posts/${postId}`);
  });

  router.get('/posts/:postId/report', requireUser, async function showReport(req, res) {
    const postId = idParam(req.params.postId);
    res.render('discussions/report', { ...reportLocals(await findReportablePost(deps, req.user!, postId)), errors: {}, values: {} });
  });

  router.post('/posts/:postId/report', requireUser, async function sendReport(req, res) {
    const postId = idParam(req.params.postId);
    const form = ReasonForm.safeParse(req.body);
    if (!form.success) {
      return res.status(422).render('discussions/report', { ...reportLocals(await findReportablePost(deps, req.user!, postId)), errors: fieldErrors(form.error), values: keptValues(req.body) });
    }
    const { added } = await reportPost(deps, req.user!, postId, form.data.reason);
    flashAt(req, 'success', added ? 'Thank you for telling us. An instructor will look at it.' : 'You had already sent this report, and an instructor will look at it. Nothing more was sent.', postStatusAnchor(postId));
    res.redirect(`/posts/${postId}`);
  });

  for (const [path, following] of [['follow', true], ['unfollow', false]] as const) {
    router.post(`/threads/:threadId/${path}`, requireUser, async function changeFollowing(req, res) {
      const threadId = idParam(req.params.threadId);
      await setFollowing(deps, req.user!, threadId, following);
      flash(req, 'success', following ? 'You are following this thread.' : 'You no longer follow this thread.');
      res.redirect(`/threads/${threadId}`);
    });
  }

  return router;
}
