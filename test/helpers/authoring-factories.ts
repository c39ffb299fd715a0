import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createCourse } from './factories';

/** A complete, valid course-details form as an admin would post it. */
export function validCourseForm(overrides: Record<string, string> = {}): Record<string, string> {
  const id = randomBytes(4).toString('hex');
  return {
    title: `Caring for carers ${id}`,
    slug: `caring-for-carers-${id}`,
    summary: 'Four weeks on looking after yourself while looking after others.',
    description: 'A course about **care**.',
    outcomes: 'Name the signs\nPlan a routine\n',
    audience: 'Library staff.',
    providerName: 'The Kind Brave Leader',
    instructorName: 'Helen Rimmer',
    instructorBio: 'Helen has *taught* for years.',
    contactHours: '15',
    price: '250.00',
    currency: 'usd',
    supportResources: 'Talk to someone you trust.',
    ...overrides,
  };
}

export function validReadingForm(overrides: Record<string, string> = {}): Record<string, string> {
  const id = randomBytes(3).toString('hex');
  return { title: `Reading ${id}`, slug: `reading-${id}`, minutes: '12', contentNote: '', body: 'Some *text*.', suggestions: '', ...overrides };
}

/** A new published course and its week 1, with the admin pages' base path for that week. */
export async function courseWithWeek(db: Knex) {
  const course = await createCourse(db);
  const mod = await db('course_modules').where({ course_id: course.id, week: 1 }).first();
  return { course, mod, base: `/admin/courses/${course.id}/modules/${mod.id}` };
}
