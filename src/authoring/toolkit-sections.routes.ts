import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../lib/errors';
import type { CourseEditDeps } from './after-course-edits';
import { MoveForm, ToolkitSectionForm } from './authoring.schemas';
import { loadCourse } from './courses.service';
import { loadCourseModule } from './course-modules.service';
import { type FormView, emptyForm, handleAction, handleForm, idParam } from './form-flow';
import { toolkitSectionValues } from './presenters';
import { addToolkitSection, editToolkitSection, loadToolkitSection, moveToolkitSection, removeToolkitSection } from './toolkit-sections.service';
import { sectionDeleteBlocker } from './week-guards';
import { countSuggestionsFor } from './toolkit-sections.repository';
import { countOf } from '../lib/wording';

/** Admin pages for the toolkit sections a week feeds: add, edit, reorder and delete. */
export function toolkitSectionsRouter(deps: CourseEditDeps): Router {
  const router = Router();
  const { db } = deps;
  const base = '/admin/courses/:courseId/modules/:moduleId/toolkit-sections';

  const ids = (req: Request) => ({ courseId: idParam(req, 'courseId'), moduleId: idParam(req, 'moduleId') });
  const modulePage = (courseId: number, moduleId: number) => `/admin/courses/${courseId}/modules/${moduleId}`;

  async function renderSection(res: Response, status: number, view: FormView, courseId: number, moduleId: number, sectionId?: number) {
    const course = await loadCourse(db, courseId);
    const mod = await loadCourseModule(db, courseId, moduleId);
    const section = sectionId ? await loadToolkitSection(db, courseId, moduleId, sectionId) : undefined;
    res.status(status).render('authoring/toolkit-section-form', {
      title: section ? `Edit toolkit section: ${section.title}` : `New toolkit section for week ${mod.week}`,
      course,
      mod,
      section,
      action: section ? `${modulePage(courseId, moduleId)}/toolkit-sections/${section.id}` : `${modulePage(courseId, moduleId)}/toolkit-sections`,
      ...view,
    });
  }

  router.get(`${base}/new`, async function showNewSection(req, res) {
    const { courseId, moduleId } = ids(req);
    await renderSection(res, 200, emptyForm(), courseId, moduleId);
  });

  router.post(base, async function addSection(req, res) {
    const { courseId, moduleId } = ids(req);
    await loadCourseModule(db, courseId, moduleId);
    await handleForm(req, res, {
      schema: ToolkitSectionForm,
      markdownFields: [],
      render: (status, view) => renderSection(res, status, view, courseId, moduleId),
      async save(input) {
        await addToolkitSection(db, courseId, moduleId, input);
        return { message: `The section "${input.title}" is added.`, redirect: `${modulePage(courseId, moduleId)}#toolkit` };
      },
    });
  });

  router.get(`${base}/:sectionId`, async function showSection(req, res) {
    const { courseId, moduleId } = ids(req);
    const section = await loadToolkitSection(db, courseId, moduleId, idParam(req, 'sectionId'));
    await renderSection(res, 200, emptyForm(toolkitSectionValues(section)), courseId, moduleId, section.id);
  });

  router.post(`${base}/:sectionId`, async function saveSection(req, res) {
    const { courseId, moduleId } = ids(req);
    const section = await loadToolkitSection(db, courseId, moduleId, idParam(req, 'sectionId'));
    await handleForm(req, res, {
      schema: ToolkitSectionForm,
      markdownFields: [],
      render: (status, view) => renderSection(res, status, view, courseId, moduleId, section.id),
      async save(input) {
        await editToolkitSection(db, courseId, moduleId, section.id, input);
        return { message: `The section "${input.title}" is saved.`, redirect: `${modulePage(courseId, moduleId)}#toolkit` };
      },
    });
  });

  router.post(`${base}/:sectionId/move`, async function moveSection(req, res) {
    const { courseId, moduleId } = ids(req);
    const sectionId = idParam(req, 'sectionId');
    const form = MoveForm.safeParse(req.body ?? {});
    if (!form.success) throw new NotFoundError();
    await handleAction(req, res, `${modulePage(courseId, moduleId)}#toolkit`, async () => {
      const moved = await moveToolkitSection(db, courseId, moduleId, sectionId, form.data.direction);
      return moved ? `The section moved ${form.data.direction}.` : undefined;
    });
  });

  router.get(`${base}/:sectionId/delete`, async function confirmDeleteSection(req, res) {
    const { courseId, moduleId } = ids(req);
    const section = await loadToolkitSection(db, courseId, moduleId, idParam(req, 'sectionId'));
    const suggestions = await countSuggestionsFor(db, moduleId, section.key);
    res.render('authoring/confirm-delete', {
      title: `Delete "${section.title}"?`,
      what:
        `the toolkit section "${section.title}"` +
        (suggestions ? `, with the ${countOf(suggestions, 'toolkit suggestion', 'toolkit suggestions')} this week's readings make for it` : ''),
      action: `${modulePage(courseId, moduleId)}/toolkit-sections/${section.id}/delete`,
      back: modulePage(courseId, moduleId),
      blocker: await sectionDeleteBlocker(db, section.id),
      blockedTitle: `"${section.title}" cannot be deleted`,
    });
  });

  router.post(`${base}/:sectionId/delete`, async function deleteSection(req, res) {
    const { courseId, moduleId } = ids(req);
    const section = await loadToolkitSection(db, courseId, moduleId, idParam(req, 'sectionId'));
    await handleAction(req, res, `${modulePage(courseId, moduleId)}#toolkit`, async () => {
      await removeToolkitSection(deps, courseId, moduleId, section.id);
      return `The section "${section.title}" is deleted.`;
    });
  });

  return router;
}
