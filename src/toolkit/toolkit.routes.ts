import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { requireUser, wantsJson } from '../auth';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId, type FlashKind } from '../lib/http';
import { saveCountOf } from '../lib/save-counts';
import { flashAt } from '../modules';
import { moveEntry, reorderSection, type MoveResult } from './toolkit-order.service';
import { entryLabel, entryStatusAnchor, sectionStatusAnchor } from './toolkit.presenter';
import { DraftForm, EntryForm, MoveForm, ReorderBody } from './toolkit.schemas';
import { addEntry, deleteEntry, findOwnEntry, keepTextOfGoneEntry, saveEntryDraft, updateEntry, type SavedText } from './toolkit.service';
import { contextOf, learnerOf, toolkitNav, toolkitPage, unlessEntryGone, withPlacedNotice, type LearnerAccess } from './toolkit.view';

function idParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

/** What the autosave script shows (when it was saved, as a time in the session's zone) and the save number it now holds. */
const savedJson = (saved: SavedText, zone: string) => ({
  savedAt: saved.savedAt.toISOString(),
  savedAtLabel: DateTime.fromJSDate(saved.savedAt, { zone }).toFormat('HH:mm'),
  rev: saved.rev,
  setAside: saved.setAside,
});

const SET_ASIDE_NOTE = 'Another window had saved different text here; it is kept under “Text set aside” in this section.';
const withSetAsideNote = (message: string, saved: SavedText) => (saved.setAside ? `${message} ${SET_ASIDE_NOTE}` : message);

/** What a learner who pressed “Move up” or “Move down” is told, naming the entry by its first words. */
function moveMessage({ outcome, entry, place, count }: MoveResult, direction: 'up' | 'down'): string {
  const label = entryLabel(entry.body);
  if (outcome === 'stale') return `Your entries had already changed place, so nothing moved. Here is the current order: ${label} is number ${place} of ${count}.`;
  if (outcome === 'unchanged') return `${label} is already ${direction === 'up' ? 'first' : 'last'}, so it stays where it is.`;
  return `Moved ${direction}: ${label} is now number ${place} of ${count}.`;
}

/** What a learner who dragged an entry to a new place is told, at that entry (or at its section, if the page did not say which). */
function dragMessage({ section, entries }: Awaited<ReturnType<typeof reorderSection>>, movedEntryId?: number): { anchor: string; message: string } {
  const index = entries.findIndex((e) => e.id === movedEntryId);
  if (index < 0) return { anchor: sectionStatusAnchor(section.id), message: `The new order of “${section.title}” is saved.` };
  return { anchor: entryStatusAnchor(entries[index].id), message: `Moved: ${entryLabel(entries[index].body)} is now number ${index + 1} of ${entries.length}.` };
}

export const toolkitUrl = (sessionId: number, sectionId?: number) => `/sessions/${sessionId}/toolkit${sectionId ? `#section-${sectionId}` : ''}`;

/** Back to a section of the toolkit page, its confirmation shown at the top of that section, where the learner is. */
function backToSection(req: Request, res: Response, sessionId: number, sectionId: number, kind: FlashKind, message: string): void {
  const anchor = sectionStatusAnchor(sectionId);
  flashAt(req, kind, message, anchor);
  res.redirect(`${toolkitUrl(sessionId)}#${anchor}`);
}

/** The learner's own toolkit page and its entries: add, draft, edit, delete, move and reorder. */
export function toolkitEntriesRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  async function renderWithErrors(res: Response, access: LearnerAccess, form: string, values: Record<string, string>, errors: Record<string, string>) {
    res.status(422).render('toolkit/index', await toolkitPage(db, access, { form, values, errors }));
  }

  /**
   * An entry no longer in the learner's toolkit while this window edited it (deleted in another
   * window, or an id never theirs: the two must answer alike, so nothing here asks which): its text
   * is set aside, not lost. False when the form names no open section of theirs to keep it in.
   */
  async function answerGoneEntry(req: Request, res: Response, access: LearnerAccess, body: string): Promise<boolean> {
    if (wantsJson(req)) {
      // The autosave says so and keeps the text on the page; “Save the entry” then sets it aside.
      res.status(409).json({ error: 'this entry is no longer in your toolkit; it may have been deleted in another window' });
      return true;
    }
    const section = await keepTextOfGoneEntry(db, contextOf(access), parseId(req.body?.section_id), body);
    if (!section) return false;
    flash(req, 'info', 'That entry is no longer in your toolkit (it may have been deleted in another window), so your text is kept under “Text set aside” in its section.');
    res.redirect(toolkitUrl(access.session.id, section.id));
    return true;
  }

  router.get('/sessions/:id/toolkit', requireUser, async function showToolkit(req, res) {
    const access = await learnerOf(db, req);
    res.render('toolkit/index', withPlacedNotice(req, res, await toolkitPage(db, access)));
  });

  router.post('/sessions/:id/toolkit/sections/:sectionId/entries', requireUser, async function addToolkitEntry(req, res) {
    const access = await learnerOf(db, req);
    const sectionId = idParam(req.params.sectionId);
    const form = EntryForm.safeParse(req.body);
    if (!form.success) return renderWithErrors(res, access, `section-${sectionId}`, keptValues(req.body), fieldErrors(form.error));
    try {
      const { added, section } = await addEntry(db, contextOf(access), sectionId, form.data.body);
      backToSection(req, res, access.session.id, sectionId, added ? 'success' : 'info', added ? `Added to “${section.title}”.` : `That entry is already in “${section.title}”.`);
    } catch (err) {
      if (err instanceof ValidationError) return renderWithErrors(res, access, `section-${sectionId}`, keptValues(req.body), err.fields);
      throw err;
    }
  });

  router.post('/sessions/:id/toolkit/sections/:sectionId/draft', requireUser, async function saveToolkitDraft(req, res) {
    const access = await learnerOf(db, req);
    const sectionId = idParam(req.params.sectionId);
    const form = DraftForm.safeParse(req.body);
    if (!form.success) {
      if (wantsJson(req)) return void res.status(422).json({ error: fieldErrors(form.error).body });
      return renderWithErrors(res, access, `section-${sectionId}`, keptValues(req.body), fieldErrors(form.error));
    }
    const saved = await saveEntryDraft(db, contextOf(access), sectionId, form.data.body, saveCountOf(req.body, 'rev'));
    if (wantsJson(req)) return void res.json(savedJson(saved, access.session.time_zone));
    backToSection(req, res, access.session.id, sectionId, 'success', withSetAsideNote('Your draft is saved. Add it to your toolkit when it is ready.', saved));
  });

  router.get('/sessions/:id/toolkit/entries/:entryId/edit', requireUser, async function editToolkitEntry(req, res) {
    const access = await learnerOf(db, req);
    const entryId = idParam(req.params.entryId);
    const found = await unlessEntryGone(db, req, res, access, () => findOwnEntry(db, contextOf(access), entryId));
    if (!found) return;
    res.render('toolkit/edit', { ...(await toolkitNav(db, access)), title: 'Edit an entry', ...found, values: { body: found.entry.body }, errors: {} });
  });

  router.post('/sessions/:id/toolkit/entries/:entryId', requireUser, async function saveToolkitEntry(req, res) {
    const access = await learnerOf(db, req);
    const entryId = idParam(req.params.entryId);
    const form = EntryForm.safeParse(req.body);
    // An entry gone meanwhile hands back what was typed for it, so nothing is lost.
    const typed = typeof req.body?.body === 'string' ? req.body.body : undefined;
    if (!form.success && wantsJson(req)) {
      await findOwnEntry(db, contextOf(access), entryId);
      return void res.status(422).json({ error: fieldErrors(form.error).body });
    }
    if (!form.success) {
      const found = await unlessEntryGone(db, req, res, access, () => findOwnEntry(db, contextOf(access), entryId), { typed });
      if (!found) return;
      res.status(422).render('toolkit/edit', { ...(await toolkitNav(db, access)), title: 'Edit an entry', ...found, values: keptValues(req.body), errors: fieldErrors(form.error) });
      return;
    }
    const saved = await unlessEntryGone(
      db,
      req,
      res,
      access,
      async () => {
        try {
          return await updateEntry(db, contextOf(access), entryId, form.data.body, saveCountOf(req.body, 'rev'));
        } catch (err) {
          // Not (or no longer) theirs: set aside in its section when the form says which (answered here, so undefined).
          if (err instanceof NotFoundError && (await answerGoneEntry(req, res, access, form.data.body))) return undefined;
          throw err;
        }
      },
      { typed },
    );
    if (!saved) return;
    if (wantsJson(req)) return void res.json(savedJson(saved, access.session.time_zone));
    backToSection(req, res, access.session.id, saved.section.id, 'success', withSetAsideNote(`Your entry in “${saved.section.title}” is saved.`, saved));
  });

  router.get('/sessions/:id/toolkit/entries/:entryId/delete', requireUser, async function confirmToolkitDelete(req, res) {
    const access = await learnerOf(db, req);
    const entryId = idParam(req.params.entryId);
    const found = await unlessEntryGone(db, req, res, access, () => findOwnEntry(db, contextOf(access), entryId));
    if (found) res.render('toolkit/delete', { ...(await toolkitNav(db, access)), title: 'Delete an entry', ...found });
  });

  router.post('/sessions/:id/toolkit/entries/:entryId/delete', requireUser, async function deleteToolkitEntry(req, res) {
    const access = await learnerOf(db, req);
    const entryId = idParam(req.params.entryId);
    const section = await unlessEntryGone(db, req, res, access, () => deleteEntry(db, contextOf(access), entryId));
    if (section) backToSection(req, res, access.session.id, section.id, 'success', `The entry is removed from “${section.title}”.`);
  });

  router.post('/sessions/:id/toolkit/entries/:entryId/move', requireUser, async function moveToolkitEntry(req, res) {
    const access = await learnerOf(db, req);
    const entryId = idParam(req.params.entryId);
    const form = MoveForm.safeParse(req.body);
    if (!form.success) throw new ValidationError('Please use the “Move up” or “Move down” buttons to reorder your entries.');
    const moved = await unlessEntryGone(db, req, res, access, () => moveEntry(db, contextOf(access), entryId, form.data.direction, form.data.position));
    if (!moved) return;
    // The page returns to the entry, with the confirmation at its top: above its words and the buttons just used.
    const anchor = entryStatusAnchor(moved.entry.id);
    flashAt(req, moved.outcome === 'moved' ? 'success' : 'info', moveMessage(moved, form.data.direction), anchor);
    res.redirect(`${toolkitUrl(access.session.id)}#${anchor}`);
  });

  router.post('/sessions/:id/toolkit/sections/:sectionId/order', requireUser, async function reorderToolkitSection(req, res) {
    const access = await learnerOf(db, req);
    const sectionId = idParam(req.params.sectionId);
    const body = ReorderBody.safeParse(req.body);
    if (!body.success) throw new ValidationError('We could not read the new order. Please reload the page and try again.');
    // The script reloads the page at the place this names, where the message says what happened.
    let reordered: Awaited<ReturnType<typeof reorderSection>>;
    try {
      reordered = await reorderSection(db, contextOf(access), sectionId, body.data.entryIds);
    } catch (err) {
      if (err instanceof ConflictError) flashAt(req, 'info', err.message, sectionStatusAnchor(sectionId));
      throw err;
    }
    const { anchor, message } = dragMessage(reordered, body.data.movedEntryId);
    flashAt(req, 'success', message, anchor);
    if (wantsJson(req)) return void res.json({ ok: true, anchor });
    res.redirect(`${toolkitUrl(access.session.id)}#${anchor}`);
  });

  return router;
}
