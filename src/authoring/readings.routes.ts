import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../lib/errors';
import type { AuthoringDeps } from './after-course-edits';
import { MoveForm, ReadingForm } from './authoring.schemas';
import { loadCourseModule } from './course-modules.service';
import { type FormView, emptyForm, handleAction, handleForm, idParam } from './form-flow';
import { readingValues } from './presenters';
import { modulePage, renderReadingPage } from './reading-page';
import { listSuggestions } from './readings.repository';
import { addReading, editReading, loadReading, moveReading, removeReading } from './readings.service';
import { readingDeleteBlocker } from './week-guards';

/** Admin pages for the readings of a week: add, edit (with suggestions), reorder and delete. */
export function readingsRouter(deps: AuthoringDeps): Router {
  const router = Router();
  const { db } = deps;
  const base = '/admin/courses/:courseId/modules/:moduleId/readings';

  const ids = (req: Request) => ({ courseId: idParam(req, 'courseId'), moduleId: idParam(req, 'moduleId') });
  const render = (res: Response, status: number, view: FormView, courseId: number, moduleId: number, readingId?: number) =>
    renderReadingPage(db, res, status, view, { courseId, moduleId, readingId });

  router.get(`${base}/new`, async function showNewReading(req, res) {
    const { courseId, moduleId } = ids(req);
    await render(res, 200, emptyForm({ minutes: '10' }), courseId, moduleId);
  });

  router.post(base, async function addReadingToWeek(req, res) {
    const { courseId, moduleId } = ids(req);
    await loadCourseModule(db, courseId, moduleId);
    await handleForm(req, res, {
      schema: ReadingForm,
      markdownFields: ['body'],
      render: (status, view) => render(res, status, view, courseId, moduleId),
      async save(input) {
        await addReading(db, courseId, moduleId, input);
        return { message: `"${input.title}" is added at the end of the week's readings.`, redirect: modulePage(courseId, moduleId) };
      },
    });
  });

  router.get(`${base}/:readingId`, async function showReading(req, res) {
    const { courseId, moduleId } = ids(req);
    const reading = await loadReading(db, courseId, moduleId, idParam(req, 'readingId'));
    const values = readingValues(reading, await listSuggestions(db, reading.id));
    await render(res, 200, emptyForm(values), courseId, moduleId, reading.id);
  });

  router.post(`${base}/:readingId`, async function saveReading(req, res) {
    const { courseId, moduleId } = ids(req);
    const reading = await loadReading(db, courseId, moduleId, idParam(req, 'readingId'));
    await handleForm(req, res, {
      schema: ReadingForm,
      markdownFields: ['body'],
      render: (status, view) => render(res, status, view, courseId, moduleId, reading.id),
      async save(input) {
        await editReading(db, courseId, moduleId, reading.id, input);
        return { message: `"${input.title}" is saved.`, redirect: modulePage(courseId, moduleId) };
      },
    });
  });

  router.post(`${base}/:readingId/move`, async function moveReadingInWeek(req, res) {
    const { courseId, moduleId } = ids(req);
    const readingId = idParam(req, 'readingId');
    const form = MoveForm.safeParse(req.body ?? {});
    if (!form.success) throw new NotFoundError();
    await handleAction(req, res, `${modulePage(courseId, moduleId)}#readings`, async () => {
      const moved = await moveReading(db, courseId, moduleId, readingId, form.data.direction);
      return moved ? `The reading moved ${form.data.direction}.` : undefined;
    });
  });

  router.get(`${base}/:readingId/delete`, async function confirmDeleteReading(req, res) {
    const { courseId, moduleId } = ids(req);
    const reading = await loadReading(db, courseId, moduleId, idParam(req, 'readingId'));
    res.render('authoring/confirm-delete', {
      title: `Delete "${reading.title}"?`,
      what: `the reading "${reading.title}" and its suggestions`,
      action: `${modulePage(courseId, moduleId)}/readings/${reading.id}/delete`,
      back: modulePage(courseId, moduleId),
      blocker: await readingDeleteBlocker(db, reading.id),
      blockedTitle: `"${reading.title}" cannot be deleted`,
    });
  });

  router.post(`${base}/:readingId/delete`, async function deleteReadingFromWeek(req, res) {
    const { courseId, moduleId } = ids(req);
    const reading = await loadReading(db, courseId, moduleId, idParam(req, 'readingId'));
    await handleAction(req, res, `${modulePage(courseId, moduleId)}#readings`, async () => {
      await removeReading(deps, deps.storage, courseId, moduleId, reading.id);
      return `"${reading.title}" is deleted.`;
    });
  });

  return router;
}
