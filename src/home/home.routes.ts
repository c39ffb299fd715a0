import { Router } from 'express';
import type { Db } from '../db';
import { requireRole, requireUser } from '../auth';

/** Landing pages: the public home and each role's starting page. */
export function homeRouter(deps: { db: Db }): Router {
  const router = Router();

  router.get('/', async function showHome(_req, res) {
    const courses = await deps.db('courses').select('slug', 'title', 'summary').where({ published: true }).orderBy('title');
    res.render('home/index', { title: 'Kindred courses', courses });
  });

  router.get('/dashboard', requireUser, function showDashboard(_req, res) {
    res.render('home/dashboard', { title: 'Your dashboard' });
  });

  router.get('/teach', requireRole('instructor'), function showTeaching(_req, res) {
    res.render('home/teach', { title: 'Teaching' });
  });

  router.get('/admin', requireRole('admin'), function showAdmin(_req, res) {
    res.render('home/admin', { title: 'Administration' });
  });

  return router;
}
