import { Router } from 'express';
import type { Db } from '../db';

// Pages behind a login, and forms: nothing there for a search engine, and no reason to ask.
const PRIVATE_PATHS = ['/admin', '/teach', '/dashboard', '/sessions', '/threads', '/posts', '/account', '/calendar', '/discussions', '/unsubscribe', '/reset-password', '/login', '/register', '/forgot-password'];

/** robots.txt and sitemap.xml: the public pages (home, catalogue, published courses) for search engines. */
export function crawlersRouter(deps: { db: Db; baseUrl: string }): Router {
  const router = Router();

  router.get('/robots.txt', function showRobots(_req, res) {
    const lines = ['User-agent: *', ...PRIVATE_PATHS.map((p) => `Disallow: ${p}`), '', `Sitemap: ${deps.baseUrl}/sitemap.xml`, ''];
    res.type('text/plain').set('Cache-Control', 'public, max-age=3600').send(lines.join('\n'));
  });

  router.get('/sitemap.xml', async function showSitemap(_req, res) {
    const courses: { slug: string; updated_at: Date }[] = await deps.db('courses').where({ published: true }).orderBy('title').select('slug', 'updated_at');
    const urls = [{ loc: `${deps.baseUrl}/` }, { loc: `${deps.baseUrl}/courses` }, ...courses.map((c) => ({ loc: `${deps.baseUrl}/courses/${c.slug}`, lastmod: c.updated_at.toISOString() }))];
    res.type('application/xml').set('Cache-Control', 'public, max-age=3600').render('catalogue/sitemap', { urls });
  });

  return router;
}
