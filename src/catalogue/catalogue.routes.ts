import { Router } from 'express';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { loadCatalogue, loadCoursePage } from './catalogue.service';

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

/** The public catalogue and course pages. */
export function catalogueRouter(deps: { db: Db }): Router {
  const router = Router();

  router.get('/courses', async function showCatalogue(_req, res) {
    res.render('catalogue/index', { title: 'Courses', courses: await loadCatalogue(deps) });
  });

  router.get('/courses/:slug', async function showCourse(req, res) {
    const slug = String(req.params.slug);
    if (!SLUG.test(slug)) throw new NotFoundError('We could not find that course.');
    const page = await loadCoursePage(deps, slug, req.user);
    res.render('catalogue/course', { title: page.course.title, ...page });
  });

  return router;
}
