import { Router, type Request, type Response } from 'express';
import { EMAIL_LINK_HOURS, pendingEmailChange, requireUser } from '../auth';
import { RETENTION_YEARS } from '../certificates';
import type { Db } from '../db';
import type { Storage } from '../files';
import { ForbiddenError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash } from '../lib/http';
import type { Logger } from '../lib/logger';
import type { Realtime } from '../lib/realtime';
import type { Mailer } from '../notifications';
import { updateName } from './account.repository';
import { DeleteAccountForm, NameForm } from './account.schemas';
import { collectUserData, deleteAccount, writeExportZip } from './account.service';
import { renderTranscriptPdf, transcriptOf } from './transcript';

export interface AccountRouterDeps {
  db: Db;
  storage: Storage;
  mailer: Mailer;
  baseUrl: string;
  logger?: Logger;
  realtime?: Realtime;
}

/** The user's own account: their name, transcript, data export and account deletion. */
export function accountRouter(deps: AccountRouterDeps): Router {
  const router = Router();
  router.use('/account', requireUser);

  router.get('/account', async function showAccount(req, res) {
    res.render('account/index', {
      title: 'Your account',
      user: req.user,
      pendingEmail: await pendingEmailChange(deps.db, req.user!.id, new Date()),
      emailLinkHours: EMAIL_LINK_HOURS,
    });
  });

  const renderName = (res: Response, values: Record<string, string>, errors: Record<string, string> = {}) =>
    res.render('account/name', { title: 'Change your name', values, errors });

  router.get('/account/name', function showNameForm(req, res) {
    renderName(res, { name: req.user!.name });
  });

  router.post('/account/name', async function saveName(req, res) {
    const form = NameForm.safeParse(req.body);
    if (!form.success) return renderName(res.status(422), keptValues(req.body), fieldErrors(form.error));
    await updateName(deps.db, req.user!.id, form.data.name);
    flash(req, 'success', `Your name is now ${form.data.name}. Certificates issued from now on will show it.`);
    res.redirect('/account');
  });

  router.get('/account/transcript', async function showTranscript(req, res) {
    res.render('account/transcript', { title: 'Your transcript', transcript: await transcriptOf(deps.db, req.user!, deps.baseUrl) });
  });

  router.get('/account/transcript.pdf', async function downloadTranscript(req, res) {
    const pdf = await renderTranscriptPdf(await transcriptOf(deps.db, req.user!, deps.baseUrl));
    res.type('application/pdf').attachment('kindred-transcript.pdf').send(pdf);
  });

  router.get('/account/export', async function downloadExport(req, res) {
    const data = await collectUserData(deps, req.user!.id);
    res.type('application/zip').attachment(`kindred-data-${new Date().toISOString().slice(0, 10)}.zip`);
    await writeExportZip(data, res);
  });

  const renderDelete = (req: Request, res: Response, errors: Record<string, string> = {}) =>
    res.render('account/delete', { title: 'Delete your account', errors, isLearner: req.user!.role === 'learner', retentionYears: RETENTION_YEARS });

  router.get('/account/delete', function showDelete(req, res) {
    renderDelete(req, res);
  });

  router.post('/account/delete', async function removeAccount(req, res) {
    const form = DeleteAccountForm.safeParse(req.body);
    if (!form.success) return renderDelete(req, res.status(422), fieldErrors(form.error));
    let refundsKept: number;
    try {
      ({ refundsKept } = await deleteAccount(deps, req.user!.id, form.data.password));
    } catch (err) {
      if (err instanceof ValidationError) return renderDelete(req, res.status(422), err.fields);
      if (err instanceof ForbiddenError) return renderDelete(req, res.status(403), { _form: err.message });
      throw err;
    }
    await new Promise<void>((resolve) => req.logout(() => resolve()));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('kindred.sid');
    res.locals.currentUser = undefined;
    res.locals.csrfToken = '';
    res.locals.flash = {};
    // The page also forgets any unsent text this browser kept for the account (public/js/kept-drafts.js).
    res.render('account/deleted', { title: 'Your account is deleted', forgetKeptDrafts: true, refundsKept });
  });

  return router;
}
