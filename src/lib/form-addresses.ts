import { Router } from 'express';
import { parseId } from './http';

/**
 * A refused send is shown at the form's own address (its words kept). Opened again from the
 * address bar, a bookmark or the expired-form page's "Open the page again", that address leads to
 * the page the form is on, instead of answering "not found". The page itself decides who may see it.
 */
const FORM_PAGES: Record<string, (p: Record<string, number>) => string> = {
  '/sessions/:id/weeks/:week/reflection/submit': (p) => `/sessions/${p.id}/weeks/${p.week}/reflection`,
  '/sessions/:id/weeks/:week/discussion/threads': (p) => `/sessions/${p.id}/weeks/${p.week}/discussion`,
  '/threads/:threadId/replies': (p) => `/threads/${p.threadId}`,
  '/sessions/:id/toolkit/sections/:sectionId/entries': (p) => `/sessions/${p.id}/toolkit`,
  '/sessions/:id/reflections/:reflectionId/feedback': (p) => `/sessions/${p.id}/reflections/${p.reflectionId}`,
};

export function formAddressesRouter(): Router {
  const router = Router();
  for (const [address, pageOf] of Object.entries(FORM_PAGES)) {
    router.get(address, function toFormPage(req, res, next) {
      const ids: Record<string, number> = {};
      for (const [name, value] of Object.entries(req.params as Record<string, string>)) {
        const id = parseId(value);
        if (id === undefined) return next();
        ids[name] = id;
      }
      res.redirect(pageOf(ids));
    });
  }
  return router;
}
