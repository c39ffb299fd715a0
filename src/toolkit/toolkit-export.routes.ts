import { Router } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { renderToolkitPdf } from './toolkit.pdf';
import { renderToolkitText } from './toolkit.text';
import { toolkitExport } from './toolkit.service';
import { contextOf, learnerOf } from './toolkit.view';

/** The learner's toolkit to keep: a print-friendly page, a PDF and plain text. Open to them after the session ends too. */
export function toolkitExportRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  router.get('/sessions/:id/toolkit/print', requireUser, async function printToolkit(req, res) {
    const access = await learnerOf(db, req);
    const data = await toolkitExport(db, contextOf(access), req.user!.name);
    res.render('toolkit/print', { title: 'My resilience toolkit', sessionId: access.session.id, data });
  });

  router.get('/sessions/:id/toolkit.pdf', requireUser, async function downloadToolkitPdf(req, res) {
    const access = await learnerOf(db, req);
    const data = await toolkitExport(db, contextOf(access), req.user!.name);
    const pdf = await renderToolkitPdf(data);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'attachment; filename="my-resilience-toolkit.pdf"',
      'Cache-Control': 'private, no-store',
    });
    res.send(pdf);
  });

  router.get('/sessions/:id/toolkit.txt', requireUser, async function downloadToolkitText(req, res) {
    const access = await learnerOf(db, req);
    const data = await toolkitExport(db, contextOf(access), req.user!.name);
    res.set({
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': 'attachment; filename="my-resilience-toolkit.txt"',
      'Cache-Control': 'private, no-store',
    });
    res.send(renderToolkitText(data));
  });

  return router;
}
