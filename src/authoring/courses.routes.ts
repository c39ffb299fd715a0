import { Router, type Response } from 'express';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import { flash, parseId } from '../lib/http';
import { countOf, inWords } from '../lib/wording';
import type { AuthoringDeps } from './after-course-edits';
import { CompletionRulesForm, CourseDetailsForm } from './authoring.schemas';
import { type CourseRow, listCourses } from './courses.repository';
import { countCourseContent } from './course-copy.repository';
import { copyCourse, courseFormValuesLike } from './course-copy.service';
import {
  completionRulesOf,
  createCourse,
  loadCourse,
  setCoursePublished,
  updateCompletionRules,
  updateCourseDetails,
} from './courses.service';
import { listCourseModules } from './course-modules.repository';
import { formerCourseOfSlug, listEarlierSlugs } from './course-slugs.repository';
import { releaseEarlierAddress } from './course-slugs.service';
import { type FormView, emptyForm, handleAction, handleForm, idParam } from './form-flow';
import { ceusFor, formatMinorUnits } from './money';
import { completionRuleValues, courseValues, newCourseValues } from './presenters';
import { CURRENCIES } from '../enrolment';

export const COURSE_MARKDOWN = ['description', 'audience', 'instructorBio', 'supportResources'] as const;

function ceusHint(contactHours: string | undefined): string {
  const hours = /^\d{1,4}$/.test(contactHours?.trim() ?? '') ? Number(contactHours) : undefined;
  const ceus = hours && hours >= 1 ? ` ${hours} hours = ${ceusFor(hours)} CEUs.` : '';
  return `Whole hours, at least 1. One CEU is 10 contact hours.${ceus}`;
}

/** The course a new one copies, named by `?from=` or the form's hidden field; a made-up one is "not found". */
async function courseToCopy(db: Db, raw: unknown): Promise<CourseRow | undefined> {
  if (raw === undefined || raw === '') return undefined;
  const id = parseId(raw);
  if (!id) throw new NotFoundError('We could not find the course to copy.');
  return loadCourse(db, id);
}

/** "4 weeks, 10 readings (3 files), 4 exercises, 8 toolkit sections": what a copy brings along. */
async function copiedContentInWords(db: Db, courseId: number): Promise<string> {
  const n = await countCourseContent(db, courseId);
  const files = n.files ? ` (${countOf(n.files, 'file', 'files')})` : '';
  return inWords([countOf(n.weeks, 'week', 'weeks'), countOf(n.readings, 'reading', 'readings') + files, countOf(n.exercises, 'exercise', 'exercises'), countOf(n.sections, 'toolkit section', 'toolkit sections'), 'its completion rules']);
}

/** Admin pages for the list of courses, one course's details, publishing and completion rules. */
export function coursesRouter(deps: AuthoringDeps): Router {
  const router = Router();
  const { db } = deps;

  /** The other course whose earlier address was refused, so the form can point to where it is released. */
  const earlierOwner = async (view: FormView, courseId?: number) => {
    if (!view.errors.slug || !view.values.slug) return undefined;
    const owner = await formerCourseOfSlug(db, view.values.slug);
    return owner && owner.id !== courseId ? owner : undefined;
  };

  const renderDetails = async (res: Response, status: number, view: FormView, course?: { id: number; title: string }, source?: CourseRow) =>
    res.status(status).render('authoring/course-form', {
      title: course ? `Edit ${course.title}` : source ? `A course like ${source.title}` : 'New course',
      course,
      copyOf: source && { id: source.id, title: source.title, brings: await copiedContentInWords(db, source.id) },
      action: course ? `/admin/courses/${course.id}/edit` : '/admin/courses',
      ceusHint: ceusHint(view.values.contactHours),
      earlierAddresses: course ? await listEarlierSlugs(db, course.id) : [],
      slugEarlierOwner: await earlierOwner(view, course?.id),
      currencies: CURRENCIES,
      ...view,
    });

  router.get('/admin/courses', async function showCourses(_req, res) {
    const courses = await listCourses(db);
    res.render('authoring/courses', { title: 'Courses', courses });
  });

  router.get('/admin/courses/new', async function showNewCourse(req, res) {
    const source = await courseToCopy(db, req.query.from);
    await renderDetails(res, 200, emptyForm(source ? await courseFormValuesLike(db, source) : newCourseValues()), undefined, source);
  });

  router.post('/admin/courses', async function addCourse(req, res) {
    const source = await courseToCopy(db, req.body?.from);
    await handleForm(req, res, {
      schema: CourseDetailsForm,
      markdownFields: COURSE_MARKDOWN,
      render: (status, view) => renderDetails(res, status, view, undefined, source),
      async save(input) {
        if (source) {
          const id = await copyCourse(db, deps.storage, source, input);
          return { message: `"${input.title}" is created as a copy of "${source.title}". Check its weeks below, then publish it when it is ready.`, redirect: `/admin/courses/${id}` };
        }
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
    await renderDetails(res, 200, emptyForm(courseValues(course)), course);
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

  router.post('/admin/courses/:courseId/earlier-addresses/:addressId/release', async function releaseAddress(req, res) {
    const course = await loadCourse(db, idParam(req, 'courseId'));
    const released = await releaseEarlierAddress(db, course.id, idParam(req, 'addressId'));
    flash(
      req,
      'success',
      released
        ? `/courses/${released} is released: its old links no longer lead to this course, and another course may now take it.`
        : 'That earlier address was already released, so nothing changed.',
    );
    res.redirect(`/admin/courses/${course.id}/edit`);
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
        await updateCompletionRules(deps, course.id, input);
        return { message: 'The completion rules are saved.', redirect: `/admin/courses/${course.id}` };
      },
    });
  });

  return router;
}
