import { Router, type Request, type Response } from 'express';
import { requireUser, wantsJson } from '../auth';
import { sessionNav } from '../enrolment';
import { NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { flashAt } from '../modules';
import { DateTime } from 'luxon';
import type { DiscussionDeps } from './discussions.deps';
import { presentLogEntry } from './moderation-log.presenter';
import { postStatusAnchor } from './posts.view';
import { HoldFirstPostsForm, OptionalNoteForm, OptionalReasonForm, ReasonForm } from './discussions.schemas';
import { approvePost, hidePost, moderationQueue, removePost, resolveReport, restorePost, setHoldFirstPosts, setThreadFlag } from './moderation.service';

function idParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

const FOR_AUTHOR = 'Please say why, so the author and other moderators understand. Nothing was changed.';
const FOR_MODERATORS = 'Please say why, so other moderators understand. Nothing was changed.';

function reasonOf(body: unknown, message = FOR_AUTHOR): string {
  const form = ReasonForm.safeParse(body);
  if (!form.success) throw new ValidationError(message, fieldErrors(form.error));
  return form.data.reason;
}

function optionalReasonOf(body: unknown): string | undefined {
  const form = OptionalReasonForm.safeParse(body);
  if (!form.success) throw new ValidationError('Please check the reason. Nothing was changed.', fieldErrors(form.error));
  return form.data.reason;
}

/** What each moderation with a reason asks for, on the page that hands a refused reason back. */
interface ReasonPage {
  heading: string;
  label: string;
  button: string;
  required: boolean;
}

const THREAD_FLAG_PAGES: Record<'pin' | 'unpin' | 'lock' | 'unlock', ReasonPage> = {
  pin: { heading: 'Pin this thread', label: 'Reason for pinning (optional; shown in the moderation log)', button: 'Pin', required: false },
  unpin: { heading: 'Unpin this thread', label: 'Reason for unpinning (optional; shown in the moderation log)', button: 'Unpin', required: false },
  lock: { heading: 'Lock this thread', label: 'Reason for locking (shown in the moderation log)', button: 'Lock', required: true },
  unlock: { heading: 'Unlock this thread', label: 'Reason for unlocking (optional; shown in the moderation log)', button: 'Unlock', required: false },
};
const POST_PAGES: Record<'hide' | 'restore' | 'remove', ReasonPage> = {
  hide: { heading: 'Hide this post', label: 'Reason for hiding (the author sees it)', button: 'Hide', required: true },
  restore: { heading: 'Restore this post', label: 'Reason for restoring (shown in the moderation log)', button: 'Restore', required: true },
  remove: { heading: 'Remove this post', label: 'Reason for removing', button: 'Remove', required: true },
};

/**
 * Runs a moderation whose reason is read from the form; a refused reason answers 422 with a page
 * holding the form again, the message next to the reason and what was typed kept.
 */
async function withReason(req: Request, res: Response, page: ReasonPage, at: { action: string; back: string }, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    // A script's request keeps the JSON answer every refused request gets.
    if (!(err instanceof ValidationError) || !err.fields.reason || wantsJson(req)) throw err;
    res.status(422).render('discussions/moderation-reason', { title: page.heading, ...page, ...at, message: err.message, errors: err.fields, values: keptValues(req.body) });
  }
}

/** Instructor moderation: thread flags, hiding, restoring, removing, approving, reports and the audit log. */
/** The moderator's optional note, or undefined when it is blank or malformed. */
function optionalNote(body: unknown): string | undefined {
  const note = OptionalNoteForm.safeParse(body);
  return note.success ? note.data.note || undefined : undefined;
}

export function moderationRouter(deps: DiscussionDeps): Router {
  const router = Router();

  for (const flag of ['pin', 'unpin', 'lock', 'unlock'] as const) {
    router.post(`/threads/:threadId/${flag}`, requireUser, async function changeThread(req, res) {
      const threadId = idParam(req.params.threadId);
      const page = THREAD_FLAG_PAGES[flag];
      await withReason(req, res, page, { action: `/threads/${threadId}/${flag}`, back: `/threads/${threadId}` }, async () => {
        await setThreadFlag(deps, req.user!, threadId, flag, () => (page.required ? reasonOf(req.body, FOR_MODERATORS) : optionalReasonOf(req.body)));
        flash(req, 'success', { pin: 'Thread pinned.', unpin: 'Thread unpinned.', lock: 'Thread locked: no new replies.', unlock: 'Thread unlocked.' }[flag]);
        res.redirect(`/threads/${threadId}`);
      });
    });
  }

  router.post('/posts/:postId/hide', requireUser, async function hide(req, res) {
    const postId = idParam(req.params.postId);
    await withReason(req, res, POST_PAGES.hide, { action: `/posts/${postId}/hide`, back: `/posts/${postId}` }, async () => {
      await hidePost(deps, req.user!, postId, () => reasonOf(req.body));
      flashAt(req, 'success', 'Post hidden. Its author sees that it was hidden and why.', postStatusAnchor(postId));
      res.redirect(`/posts/${postId}`);
    });
  });

  router.post('/posts/:postId/restore', requireUser, async function restore(req, res) {
    const postId = idParam(req.params.postId);
    await withReason(req, res, POST_PAGES.restore, { action: `/posts/${postId}/restore`, back: `/posts/${postId}` }, async () => {
      await restorePost(deps, req.user!, postId, () => reasonOf(req.body, FOR_MODERATORS));
      flashAt(req, 'success', 'Post restored.', postStatusAnchor(postId));
      res.redirect(`/posts/${postId}`);
    });
  });

  router.post('/posts/:postId/remove', requireUser, async function remove(req, res) {
    const postId = idParam(req.params.postId);
    await withReason(req, res, POST_PAGES.remove, { action: `/posts/${postId}/remove`, back: `/posts/${postId}` }, async () => {
      await removePost(deps, req.user!, postId, () => reasonOf(req.body));
      flashAt(req, 'success', 'Post removed. Replies to it stay in the thread.', postStatusAnchor(postId));
      res.redirect(`/posts/${postId}`);
    });
  });

  router.post('/posts/:postId/approve', requireUser, async function approve(req, res) {
    const postId = idParam(req.params.postId);
    await approvePost(deps, req.user!, postId);
    flashAt(req, 'success', 'Post approved: everyone can see it now.', postStatusAnchor(postId));
    res.redirect(`/posts/${postId}`);
  });

  router.post('/reports/:reportId/resolve', requireUser, async function resolve(req, res) {
    const sessionId = await resolveReport(deps, req.user!, idParam(req.params.reportId), optionalNote(req.body));
    flash(req, 'success', 'Report resolved.');
    res.redirect(`/sessions/${sessionId}/moderation`);
  });

  router.get('/sessions/:id/moderation', requireUser, async function showQueue(req, res) {
    const queue = await moderationQueue(deps.db, req.user, idParam(req.params.id));
    const zone = queue.access.session.time_zone;
    const when = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('d LLL yyyy, HH:mm');
    res.render('discussions/moderation', {
      title: 'Moderation',
      sessionNav: sessionNav(queue.access, queue.courseTitle, 'moderation'),
      sessionId: queue.access.session.id,
      holdFirstPosts: queue.access.session.hold_first_posts,
      reports: queue.reports.map((r) => ({ ...r, when: when(r.created_at) })),
      pending: queue.pending.map((p) => ({ ...p, when: when(p.created_at) })),
      actions: queue.actions.map((a) => presentLogEntry(a, when)),
    });
  });

  router.post('/sessions/:id/moderation/settings', requireUser, async function saveModerationSettings(req, res) {
    const sessionId = idParam(req.params.id);
    const form = HoldFirstPostsForm.parse(req.body);
    await setHoldFirstPosts(deps.db, req.user!, sessionId, form.hold_first_posts);
    flash(req, 'success', form.hold_first_posts ? 'Learners’ first posts will wait for your approval.' : 'Learners’ first posts now appear straight away.');
    res.redirect(`/sessions/${sessionId}/moderation`);
  });

  return router;
}
