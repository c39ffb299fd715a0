import { Router, type Request } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { sessionNav } from '../enrolment';
import { learnerAccessOr404 } from '../modules';
import { draftHeading, NOTHING_WRITTEN, presentKeepsake } from './keepsake.presenter';
import { renderKeepsakePdf } from './keepsake.pdf';
import { loadKeepsake } from './keepsake.service';
import { renderKeepsakeText } from './keepsake.text';

const DOWNLOAD_HEADERS = { 'Cache-Control': 'private, no-store' };

/** The learner's reflections and feedback to keep: a page to print, a PDF and plain text. Theirs alone, after the session too. */
export function keepsakeRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  async function keepsakeOf(req: Request) {
    const access = await learnerAccessOr404(db, req);
    return { access, k: presentKeepsake(await loadKeepsake(db, access, req.user!.name)) };
  }

  router.get('/sessions/:id/my-reflections', requireUser, async function printReflections(req, res) {
    const { access, k } = await keepsakeOf(req);
    res.render('reflections/keepsake', {
      title: 'My reflections',
      sessionNav: sessionNav(access, k.courseTitle, 'reflections'),
      sessionId: access.session.id,
      k,
      draftHeading,
      nothingWritten: NOTHING_WRITTEN,
    });
  });

  router.get('/sessions/:id/my-reflections.pdf', requireUser, async function downloadReflectionsPdf(req, res) {
    const { k } = await keepsakeOf(req);
    res.set({ ...DOWNLOAD_HEADERS, 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="my-reflections.pdf"' });
    res.send(await renderKeepsakePdf(k));
  });

  router.get('/sessions/:id/my-reflections.txt', requireUser, async function downloadReflectionsText(req, res) {
    const { k } = await keepsakeOf(req);
    res.set({ ...DOWNLOAD_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'attachment; filename="my-reflections.txt"' });
    res.send(renderKeepsakeText(k));
  });

  return router;
}
