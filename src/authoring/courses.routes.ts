import { Router, type Response } from 'express';
import type { Db } from '../db';
import { CompletionRulesForm, CourseDetailsForm } from './authoring.schemas';
import { listCourses } from './courses.repository';
import {
  completionRulesOf,
  createCourse,
  loadCourse,
  setCoursePublished,
  updateCompletionRules,
  updateCourseDetails,
} from './courses.service';
import { listCourseModules } from './course-modules.repository';
import { type FormView, emptyForm, handleAction, handleForm, idParam } from './form-flow';
import { ceusFor, formatMinorUnits } from './money';
import { completionRuleValues, courseValues, newCourseValues } from './presenters';

export const COURSE_MARKDOWN = ['description', 'audience', 'instructorBio', 'supportResources'] as const;

function ceusHint(contactHours: string | undefined): string {
  const hours = /^\d{1,4}$/.test(contactHours?.trim() ?? '') ? Number(contactHours) : undefined;
  const ceus = hours && hours >= 1 ? ` ${hours} hours = ${ceusFor(hours)} CEUs.` : '';
  return `Whole hours, at least 1. One CEU is 10 contact hours.${ceus}`;
}

/** Admin pages for the list of courses, one course's details, publishing and completion rules. */
export function coursesRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  const renderDetails = (res: Response, status: number, view: FormView, course?: { id: number; title: string }) =>
    res.status(status).render('authoring/course-form', {
      title: course ? `Edit ${course.title}` : 'New course',
      course,
      action: course ? `/admin/courses/${course.id}/edit` : '/admin/courses',
      ceusHint: ceusHint(view.values.contactHours),
      ...view,
    });

  router.get('/admin/courses', async function showCourses(_req, res) {
    const courses = await listCourses(db);
    res.render('authoring/courses', { title: 'Courses', courses });
  });

  router.get('/admin/courses/new', function showNewCourse(_req, res) {
    renderDetails(res, 200, emptyForm(newCourseValues()));
  });

  router.post('/admin/courses', async function addCourse(req, res) {
    await handleForm(req, res, {
      schema: CourseDetailsForm,
      markdownFields: COURSE_MARKDOWN,
      render: (status, view) => renderDetails(res, status, view),
      async save(input) {
        const id = await createCourse(db, input);
        return { message: `"${input.title}" is created. Add its weeks below, then publish it when it is ready.`, redirect: `/admin/courses/${id}` };
      },
    });
  });

  router.get('/admin/courses/:courseId', async function showCourse(req, res) {
    const course = await loadCourse(db, idParam(req, 'courseId'));
    const courseModules = await listCourseModules(db, course.id);
    res.render('authoring/course', {
      title: course.title,
      course,
      courseModules,
      price: formatMinorUnits(course.price_minor),
      ceus: ceusFor(course.contact_hours),
    });
  });

  router.get('/admin/courses/:courseId/edit', async function showEditCourse(req, res) {
    const course = await loadCourse(db, idParam(req, 'courseId'));
    renderDetails(res, 200, emptyForm(courseValues(course)), course);
  });

  router.post('/admin/courses/:courseId/edit', async function editCourse(req, res) {
    const course = await loadCourse(db, idParam(req, 'courseId'));
    await handleForm(req, res, {
      schema: CourseDetailsForm,
      markdownFields: COURSE_MARKDOWN,
      render: (status, view) => renderDetails(res, status, view, course),
      async save(input) {
        await updateCourseDetails(db, course.id, input);
        return { message: 'The course details are saved.', redirect: `/admin/courses/${course.id}` };
      },
    });
  });

  for (const [action, published] of [['publish', true], ['unpublish', false]] as const) {
    router.post(`/admin/courses/:courseId/${action}`, async function togglePublished(req, res) {
      const courseId = idParam(req, 'courseId');
      const back = req.body?.back === 'course' ? `/admin/courses/${courseId}` : '/admin/courses';
      await handleAction(req, res, back, async () => {
        await setCoursePublished(db, courseId, published);
        return published ? 'The course is published: visitors can see it in the catalogue.' : 'The course is unpublished: it no longer shows in the catalogue.';
      });
    });
  }

  const renderRules = (res: Response, status: number, view: FormView, course: { id: number; title: string }) =>
    res.status(status).render('authoring/completion-rules', { title: `Completion rules: ${course.title}`, course, ...view });

  router.get('/admin/courses/:courseId/completion-rules', async function showRules(req, res) {
    const course = await loadCourse(db, idParam(req, 'courseId'));
    renderRules(res, 200, emptyForm(completionRuleValues(completionRulesOf(course))), course);
  });

  router.post('/admin/courses/:courseId/completion-rules', async function editRules(req, res) {
    const course = await loadCourse(db, idParam(req, 'courseId'));
    await handleForm(req, res, {
      schema: CompletionRulesForm,
      markdownFields: [],
      render: (status, view) => renderRules(res, status, view, course),
      async save(input) {
        await updateCompletionRules(db, course.id, input);
        return { message: 'The completion rules are saved.', redirect: `/admin/courses/${course.id}` };
      },
    });
  });

  return router;
}
