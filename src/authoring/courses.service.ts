import type { Db } from '../db';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import { DEFAULT_COMPLETION_RULES } from '../../seeds/reference-course';
import type { CompletionRulesInput, CourseDetailsInput } from './authoring.schemas';
import { isUniqueViolation } from '../db/errors';
import { missingWeeks } from './week-guards';
import { inWords } from '../lib/wording';
import {
  type CourseColumns,
  type CourseRow,
  countModules,
  findCourse,
  listWeekNumbers,
  listWeekOutcomeNumbers,
  insertCourse,
  setCompletionRules,
  setPublished,
  slugTaken,
  updateCourse,
} from './courses.repository';
import { forgetRetiredSlug, formerOwnerOfSlug, retireSlug } from './course-slugs.repository';
import { type CourseEditDeps, issueCertificatesDueAfterEdit } from './after-course-edits';
import { moveOpenCompletionDeadlines } from '../completion';

const SLUG_TAKEN = { slug: 'Another course already uses this web address. Please choose a different one.' };
const SLUG_USED_BEFORE = { slug: 'Another course used this web address before, so old links to it lead there. Please choose a different one, or release it from that course first.' };

/** Refuses a web address another course has now or had before; `courseId` may take back its own. */
async function checkSlugFree(db: Db, slug: string, courseId?: number): Promise<void> {
  if (await slugTaken(db, slug, courseId)) throw new ValidationError('Web address taken', SLUG_TAKEN);
  const formerOwner = await formerOwnerOfSlug(db, slug);
  if (formerOwner !== undefined && formerOwner !== courseId) throw new ValidationError('Web address used before', SLUG_USED_BEFORE);
}

/** The course, or "not found" for an id that does not exist. */
export async function loadCourse(db: Db, courseId: number): Promise<CourseRow> {
  const course = await findCourse(db, courseId);
  if (!course) throw new NotFoundError('We could not find that course.');
  return course;
}

function toColumns(input: CourseDetailsInput): CourseColumns {
  return {
    slug: input.slug,
    title: input.title,
    summary: input.summary,
    description_md: input.description,
    description_html: renderMarkdown(input.description),
    contact_hours: input.contactHours,
    price_minor: input.price,
    currency: input.currency,
    outcomes: input.outcomes,
    audience_md: input.audience,
    audience_html: renderMarkdown(input.audience),
    provider_name: input.providerName,
    instructor_name: input.instructorName,
    instructor_bio_md: input.instructorBio,
    instructor_bio_html: renderMarkdown(input.instructorBio),
    support_resources_md: input.supportResources,
    support_resources_html: renderMarkdown(input.supportResources),
  };
}

/** Creates an unpublished course (with the default completion rules unless given); its web address must be unused. */
export async function createCourse(db: Db, input: CourseDetailsInput, completionRules: Record<string, unknown> = DEFAULT_COMPLETION_RULES): Promise<number> {
  await checkSlugFree(db, input.slug);
  try {
    return await insertCourse(db, toColumns(input), completionRules);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError('Web address taken', SLUG_TAKEN);
    throw err;
  }
}

/**
 * Why the course may not keep only `count` outcomes: weeks refer to outcomes by number, and a
 * week pointing past the end could no longer be saved. Undefined when every week's numbers fit.
 */
export async function outcomesInUseBlocker(db: Db, courseId: number, count: number): Promise<string | undefined> {
  const beyond = (await listWeekOutcomeNumbers(db, courseId)).filter((w) => w.outcome_numbers.some((n) => n > count));
  if (!beyond.length) return undefined;
  const highest = Math.max(...beyond.flatMap((w) => w.outcome_numbers));
  const weeks = beyond.map((w) => `week ${w.week} (${w.outcome_numbers.length === 1 ? 'outcome' : 'outcomes'} ${w.outcome_numbers.join(', ')})`);
  return `This leaves ${count} ${count === 1 ? 'outcome' : 'outcomes'}, but ${inWords(weeks)} ${beyond.length === 1 ? 'refers' : 'refer'} to outcome ${highest}. Please keep at least ${highest} outcomes, or change those weeks' outcome numbers first.`;
}

/**
 * Saves a course's details, storing Markdown with its sanitised HTML; the web address stays
 * unique. A changed address keeps the old one in the course's history, in the same transaction,
 * so old links keep leading to the course.
 */
export async function updateCourseDetails(db: Db, courseId: number, input: CourseDetailsInput): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      const course = await findCourse(trx, courseId, { forUpdate: true });
      if (!course) throw new NotFoundError('We could not find that course.');
      const outcomesBlocker = await outcomesInUseBlocker(trx, courseId, input.outcomes.length);
      if (outcomesBlocker) throw new ValidationError('Outcomes in use', { outcomes: outcomesBlocker });
      await checkSlugFree(trx, input.slug, courseId);
      if (course.slug !== input.slug) {
        await forgetRetiredSlug(trx, courseId, input.slug);
        await retireSlug(trx, courseId, course.slug);
      }
      await updateCourse(trx, courseId, toColumns(input));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError('Web address taken', SLUG_TAKEN);
    throw err;
  }
}

/**
 * Replaces the editable completion numbers and switches, keeping any other stored rule keys.
 * Changed grace days move the deadline of the sessions whose completion is still open (see
 * moveOpenCompletionDeadlines); learners who meet the rules as saved get their certificate at once.
 */
export async function updateCompletionRules(deps: CourseEditDeps, courseId: number, input: CompletionRulesInput): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const course = await findCourse(trx, courseId, { forUpdate: true });
    if (!course) throw new NotFoundError('We could not find that course.');
    await setCompletionRules(trx, courseId, { ...DEFAULT_COMPLETION_RULES, ...course.completion_rules, ...input });
    if (completionRulesOf(course).completionGraceDays !== input.completionGraceDays) {
      await moveOpenCompletionDeadlines(trx, courseId, input.completionGraceDays);
    }
  });
  await issueCertificatesDueAfterEdit(deps, courseId);
}

/**
 * Publishes a course or takes it off the catalogue. A published course needs weeks numbered
 * 1 to N without gaps: sessions last as many weeks as the highest number, and learners must
 * finish every week.
 */
export async function setCoursePublished(db: Db, courseId: number, published: boolean): Promise<void> {
  await loadCourse(db, courseId);
  if (published && (await countModules(db, courseId)) === 0) {
    throw new ConflictError('A course needs at least one week before it can be published. Add a week, then publish it.');
  }
  if (published) {
    const weeks = await listWeekNumbers(db, courseId);
    const missing = missingWeeks(weeks);
    if (missing.length) {
      throw new ConflictError(
        `The weeks are numbered ${weeks.join(', ')}, so there is no week ${missing.join(', ')}. ` +
          `Please number the weeks 1 to ${weeks.length} without gaps, then publish the course.`,
      );
    }
  }
  await setPublished(db, courseId, published);
}


/** The completion rules to show in the form: stored values over the defaults. */
export function completionRulesOf(course: CourseRow): typeof DEFAULT_COMPLETION_RULES {
  return { ...DEFAULT_COMPLETION_RULES, ...(course.completion_rules as Partial<typeof DEFAULT_COMPLETION_RULES>) };
}
