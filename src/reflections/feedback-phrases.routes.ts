import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth';
import type { Db } from '../db';
import { NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId, safeReturnPath, withQuery } from '../lib/http';
import { listPhrases } from './feedback-phrases.repository';
import { MAX_PHRASES, removePhrase, savePhrase } from './feedback-phrases.service';
import { FeedbackPhraseForm } from './reflections.schemas';

/** Only back to a reflection's review page, where the phrases are used. */
function backTo(value: unknown): string | undefined {
  const path = safeReturnPath(value);
  return path && /^\/sessions\/\d+\/reflections\/\d+$/.test(path) ? path : undefined;
}

/** An instructor's saved phrases for feedback: a page to add and remove them. */
export function feedbackPhrasesRouter(deps: { db: Db }): Router {
  const { db } = deps;
  const router = Router();
  router.use('/teach/phrases', requireRole('instructor'));

  const here = (back?: string) => withQuery('/teach/phrases', { back });

  async function render(req: Request, res: Response, status: number, form: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
    const back = backTo(req.query.back ?? req.body?.back);
    const phrases = await listPhrases(db, req.user!.id);
    res.status(status).render('reflections/phrases', { title: 'Saved phrases', phrases, back, max: MAX_PHRASES, values: form.values ?? {}, errors: form.errors ?? {} });
  }

  router.get('/teach/phrases', async function showPhrases(req, res) {
    await render(req, res, 200);
  });

  router.post('/teach/phrases', async function addPhrase(req, res) {
    const form = FeedbackPhraseForm.safeParse(req.body ?? {});
    if (!form.success) return render(req, res, 422, { values: keptValues(req.body), errors: fieldErrors(form.error) });
    try {
      await savePhrase(db, req.user!.id, form.data.text);
    } catch (err) {
      if (err instanceof ValidationError) return render(req, res, 422, { values: keptValues(req.body), errors: err.fields });
      throw err;
    }
    flash(req, 'success', 'The phrase is saved. It is listed under “Your saved phrases” beside the feedback box.');
    res.redirect(here(backTo(req.body?.back)));
  });

  router.post('/teach/phrases/:phraseId/delete', async function deletePhrase(req, res) {
    const phraseId = parseId(req.params.phraseId);
    if (!phraseId) throw new NotFoundError();
    await removePhrase(db, req.user!.id, phraseId);
    flash(req, 'success', 'The phrase is removed.');
    res.redirect(here(backTo(req.body?.back)));
  });

  return router;
}
