import { Router } from 'express';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { presentCatalogue, presentCoursePage } from './catalogue.presenter';
import { loadCatalogue, loadCoursePage } from './catalogue.service';

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

/** The public catalogue and course pages. */
export function catalogueRouter(deps: { db: Db }): Router {
  const router = Router();

  router.get('/courses', async function showCatalogue(_req, res) {
    res.render('catalogue/index', { title: 'Courses', courses: presentCatalogue(await loadCatalogue(deps)) });
  });

  router.get('/courses/:slug', async function showCourse(req, res) {
    const slug = String(req.params.slug);
    if (!SLUG.test(slug)) throw new NotFoundError('We could not find that course.');
    const now = new Date();
    const { course, sessions, seats, enrolments, places, reviews } = await loadCoursePage(deps, slug, req.user, now);
    const viewer = { loggedIn: Boolean(req.user), enrolments, places };
    res.render('catalogue/course', { title: course.title, published: course.published, ...presentCoursePage(course, sessions, seats, viewer, reviews, now) });
  });

  return router;
}
