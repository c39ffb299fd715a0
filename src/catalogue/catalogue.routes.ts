import { Router } from 'express';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { presentCatalogue, presentCourseOutline, presentCoursePage } from './catalogue.presenter';
import { currentSlugOfMovedCourse, loadCatalogue, loadCoursePage } from './catalogue.service';
import { coursePageMeta, type PageMeta } from './course-metadata';

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

const queryOf = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

/** The public catalogue and course pages. */
export function catalogueRouter(deps: { db: Db; baseUrl: string }): Router {
  const router = Router();

  router.get('/courses', async function showCatalogue(_req, res) {
    const courses = presentCatalogue(await loadCatalogue(deps));
    const meta: PageMeta = { url: `${deps.baseUrl}/courses`, title: 'Courses', description: courses.length ? `Online courses: ${courses.map((c) => c.title).join('; ')}.` : 'Online courses.' };
    res.render('catalogue/index', { title: 'Courses', courses, meta });
  });

  router.get('/courses/:slug', async function showCourse(req, res) {
    const slug = String(req.params.slug);
    if (!SLUG.test(slug)) throw new NotFoundError('We could not find that course.');
    const now = new Date();
    let page: Awaited<ReturnType<typeof loadCoursePage>>;
    try {
      page = await loadCoursePage(deps, slug, req.user, now);
    } catch (err) {
      const current = err instanceof NotFoundError ? await currentSlugOfMovedCourse(deps, slug, req.user) : undefined;
      if (current === undefined) throw err;
      // An address the course had before: old links and bookmarks move on for good, query and all.
      // Browsers keep the move a day only, as the course may take this address back.
      res.set('Cache-Control', 'private, max-age=86400');
      return res.redirect(301, `/courses/${current}${queryOf(req.originalUrl)}`);
    }
    const { course, sessions, seats, enrolments, places, reviews, outline } = page;
    const viewer = { loggedIn: Boolean(req.user), enrolments, places };
    // An unpublished course (admins only) is not described for search engines.
    const meta = course.published ? coursePageMeta(course, sessions, seats, deps.baseUrl, now) : undefined;
    res.render('catalogue/course', { title: course.title, published: course.published, meta, ...presentCoursePage(course, sessions, seats, viewer, reviews, now), weeks: presentCourseOutline(outline, course.outcomes.length) });
  });

  return router;
}
