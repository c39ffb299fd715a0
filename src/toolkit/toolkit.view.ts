import type { Request, Response } from 'express';
import type { Db } from '../db';
import { findSessionAccess, sessionNav, type SessionAccess } from '../enrolment';
import { takePlacedNotice, type PlacedNotice } from '../modules';
import { buildTrendChart, checkinTrend } from '../checkins';
import { NotFoundError } from '../lib/errors';
import { wantsJson } from '../auth';
import { parseId } from '../lib/http';
import { presentToolkit } from './toolkit.presenter';
import { ownReflections, suggestionsBySection } from './toolkit-sources.service';
import { loadToolkit, type LearnerContext } from './toolkit.service';
import { findCourse } from './toolkit.repository';

export type LearnerAccess = Extract<SessionAccess, { as: 'learner' }>;

/** The toolkit is its learner's alone: everyone else (other learners, instructors, admins) gets "not found". */
export async function learnerOf(db: Db, req: Request): Promise<LearnerAccess> {
  const sessionId = parseId(req.params.id);
  const access = sessionId ? await findSessionAccess(db, req.user, sessionId) : undefined;
  if (access?.as !== 'learner') throw new NotFoundError();
  return access;
}

export function contextOf(access: LearnerAccess): LearnerContext {
  return { enrolmentId: access.enrolmentId, session: access.session };
}

/** A form on the toolkit page that came back with errors: which one, what was typed, and what to fix. */
export interface FormState {
  form?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** Locals for views/toolkit/index.ejs. */
export async function toolkitPage(db: Db, access: LearnerAccess, state: FormState = {}) {
  const ctx = contextOf(access);
  const [toolkit, trend] = await Promise.all([loadToolkit(db, ctx), checkinTrend(db, access)]);
  const [suggestions, reflections] = await Promise.all([suggestionsBySection(db, ctx, toolkit), ownReflections(db, ctx, toolkit)]);
  const view = presentToolkit(toolkit, access.session.time_zone);
  return {
    title: 'My toolkit',
    sessionNav: sessionNav(access, view.courseTitle, 'toolkit'),
    sessionId: access.session.id,
    ...view,
    sections: view.sections.map((section) => ({ ...section, suggestions: suggestions.get(section.id) ?? [] })),
    reflections,
    chart: buildTrendChart(trend.history, trend.weeks),
    form: state.form ?? '',
    values: state.values ?? {},
    errors: state.errors ?? {},
    /** A confirmation shown in an entry, where the learner pressed its button (see withPlacedNotice). */
    notice: undefined as PlacedNotice | undefined,
  };
}

/** The toolkit page with the confirmation meant for one of its sections or entries, taken off the top of the page. */
export function withPlacedNotice(req: Request, res: Response, page: Awaited<ReturnType<typeof toolkitPage>>) {
  const anchors = new Set(page.sections.flatMap((s) => [s.statusAnchor, ...s.entries.map((e) => e.statusAnchor)]));
  return { ...page, notice: takePlacedNotice(req, res, anchors) };
}

/** Locals every smaller toolkit page needs: the session navigation. */
export async function toolkitNav(db: Db, access: LearnerAccess) {
  const course = await findCourse(db, access.session.course_id);
  return { sessionNav: sessionNav(access, course?.title ?? '', 'toolkit'), sessionId: access.session.id };
}

/** What the learner is told when what a form or page acted on is no longer in their toolkit. */
const GONE = {
  entry: {
    title: 'That entry is no longer in your toolkit',
    reason: 'It may have been deleted already, with a second click or in another window, so there was nothing more to do.',
    unsaved: 'It may have been deleted in another window, so what you wrote could not be saved to it.',
  },
  setAside: {
    title: 'That text is no longer set aside',
    reason: 'It may have been added to your toolkit or removed already, with a second click or in another window, so there was nothing more to do.',
    unsaved: '',
  },
};

/**
 * Does `work` on one of the learner's entries (or texts set aside). When it is no longer theirs
 * (deleted by a second click or in another tab, or never theirs: the two must look the same), a
 * page or form is answered 404 with a page that leads back to the toolkit, handing back `typed`
 * (what the learner wrote into the form) to copy; the result is then undefined. Scripts keep
 * their JSON answer. `isGone` narrows which "not found" means the thing itself is gone.
 */
export async function unlessEntryGone<T>(
  db: Db,
  req: Request,
  res: Response,
  access: LearnerAccess,
  work: () => Promise<T>,
  opts: { typed?: string; what?: keyof typeof GONE; isGone?: (err: NotFoundError) => boolean } = {},
): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof NotFoundError) || wantsJson(req) || (opts.isGone && !opts.isGone(err))) throw err;
    const words = GONE[opts.what ?? 'entry'];
    const typed = opts.typed?.trim() ? opts.typed : undefined;
    res.status(404).render('toolkit/entry-gone', { ...(await toolkitNav(db, access)), title: words.title, reason: typed ? words.unsaved : words.reason, typed });
    return undefined;
  }
}
