import { Router, type Response } from 'express';
import type { AuthoringDeps } from './after-course-edits';
import { CourseModuleForm, ExerciseForm } from './authoring.schemas';
import { loadCourse } from './courses.service';
import { findExercise, nextWeek } from './course-modules.repository';
import { addCourseModule, editCourseModule, loadCourseModule, removeCourseModule, saveExercise } from './course-modules.service';
import { type FormView, emptyForm, handleAction, handleForm, idParam } from './form-flow';
import { courseModuleValues, exerciseValues } from './presenters';
import { openWeekNotice } from './open-week-notice';
import { listReadings } from './readings.repository';
import { listToolkitSections } from './toolkit-sections.repository';
import { newWeekBlocker, weekDeleteBlocker } from './week-guards';

const MODULE_MARKDOWN = ['summary', 'discussionPrompt'] as const;

/** Admin pages for a course's weeks: details, discussion prompt, exercise, and deleting a week. */
export function courseModulesRouter(deps: AuthoringDeps): Router {
  const router = Router();
  const { db } = deps;
  const base = '/admin/courses/:courseId/modules';

  async function renderModule(res: Response, status: number, view: FormView, courseId: number, moduleId?: number) {
    const course = await loadCourse(db, courseId);
    const mod = moduleId ? await loadCourseModule(db, courseId, moduleId) : undefined;
    const [readings, sections, exercise] = mod
      ? await Promise.all([listReadings(db, mod.id), listToolkitSections(db, mod.id), findExercise(db, mod.id)])
      : [[], [], undefined];
    res.status(status).render('authoring/course-module', {
      title: mod ? `Week ${mod.week}: ${mod.title}` : `New week: ${course.title}`,
      course,
      mod,
      readings,
      sections,
      exercise,
      action: mod ? `/admin/courses/${course.id}/modules/${mod.id}` : `/admin/courses/${course.id}/modules`,
      addBlocker: mod ? undefined : await newWeekBlocker(db, course.id),
      ...view,
    });
  }

  router.get(`${base}/new`, async function showNewModule(req, res) {
    const courseId = idParam(req, 'courseId');
    await loadCourse(db, courseId);
    await renderModule(res, 200, emptyForm({ week: String(await nextWeek(db, courseId)), estimatedMinutes: '0' }), courseId);
  });

  router.post(base, async function addModule(req, res) {
    const courseId = idParam(req, 'courseId');
    await loadCourse(db, courseId);
    await handleForm(req, res, {
      schema: CourseModuleForm,
      markdownFields: MODULE_MARKDOWN,
      render: (status, view) => renderModule(res, status, view, courseId),
      async save(input) {
        const id = await addCourseModule(db, courseId, input);
        return { message: `Week ${input.week} is added. Now add its readings, exercise and toolkit sections.`, redirect: `/admin/courses/${courseId}/modules/${id}` };
      },
    });
  });

  router.get(`${base}/:moduleId`, async function showModule(req, res) {
    const courseId = idParam(req, 'courseId');
    const mod = await loadCourseModule(db, courseId, idParam(req, 'moduleId'));
    await renderModule(res, 200, emptyForm(courseModuleValues(mod)), courseId, mod.id);
  });

  router.post(`${base}/:moduleId`, async function editModule(req, res) {
    const courseId = idParam(req, 'courseId');
    const mod = await loadCourseModule(db, courseId, idParam(req, 'moduleId'));
    await handleForm(req, res, {
      schema: CourseModuleForm,
      markdownFields: MODULE_MARKDOWN,
      render: (status, view) => renderModule(res, status, view, courseId, mod.id),
      async save(input) {
        await editCourseModule(db, courseId, mod.id, input);
        return { message: `Week ${input.week} is saved.`, redirect: `/admin/courses/${courseId}/modules/${mod.id}` };
      },
    });
  });

  router.get(`${base}/:moduleId/delete`, async function confirmDeleteModule(req, res) {
    const courseId = idParam(req, 'courseId');
    const mod = await loadCourseModule(db, courseId, idParam(req, 'moduleId'));
    res.render('authoring/confirm-delete', {
      title: `Delete week ${mod.week}?`,
      what: `week ${mod.week}, "${mod.title}", with its readings, exercise and toolkit sections`,
      action: `/admin/courses/${courseId}/modules/${mod.id}/delete`,
      back: `/admin/courses/${courseId}/modules/${mod.id}`,
      blocker: await weekDeleteBlocker(db, courseId, mod),
      blockedTitle: `Week ${mod.week} cannot be deleted now`,
    });
  });

  router.post(`${base}/:moduleId/delete`, async function deleteModule(req, res) {
    const courseId = idParam(req, 'courseId');
    const moduleId = idParam(req, 'moduleId');
    await loadCourseModule(db, courseId, moduleId);
    await handleAction(
      req,
      res,
      `/admin/courses/${courseId}`,
      async () => {
        await removeCourseModule(deps, deps.storage, courseId, moduleId);
        return 'The week is deleted.';
      },
      `/admin/courses/${courseId}/modules/${moduleId}`,
    );
  });

  async function renderExercise(res: Response, status: number, view: FormView, courseId: number, moduleId: number) {
    const course = await loadCourse(db, courseId);
    const mod = await loadCourseModule(db, courseId, moduleId);
    const openWeek = await openWeekNotice(db, courseId, mod.week, (await findExercise(db, mod.id)) ? 'exercise' : 'new-exercise');
    res.status(status).render('authoring/exercise-form', { title: `Exercise for week ${mod.week}`, course, mod, openWeek, ...view });
  }

  router.get(`${base}/:moduleId/exercise`, async function showExercise(req, res) {
    const courseId = idParam(req, 'courseId');
    const mod = await loadCourseModule(db, courseId, idParam(req, 'moduleId'));
    await renderExercise(res, 200, emptyForm(exerciseValues(await findExercise(db, mod.id))), courseId, mod.id);
  });

  router.post(`${base}/:moduleId/exercise`, async function editExercise(req, res) {
    const courseId = idParam(req, 'courseId');
    const mod = await loadCourseModule(db, courseId, idParam(req, 'moduleId'));
    await handleForm(req, res, {
      schema: ExerciseForm,
      markdownFields: ['prompt'],
      render: (status, view) => renderExercise(res, status, view, courseId, mod.id),
      async save(input) {
        await saveExercise(db, courseId, mod.id, input);
        return { message: `The exercise for week ${mod.week} is saved.`, redirect: `/admin/courses/${courseId}/modules/${mod.id}` };
      },
    });
  });

  return router;
}
