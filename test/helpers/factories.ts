import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../../src/auth/passwords';
import type { Role } from '../../src/auth';
import { sessionDates, formatSessionRange } from '../../src/enrolment/session-dates';
import { insertSeedCourse } from '../../seeds/reference-course';
import type { SeedCourse } from '../../seeds/data/reference-course';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;
const unique = () => randomBytes(5).toString('hex');

export interface TestUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  password: string;
}

export async function createUser(db: Knex, opts: { role?: Role; name?: string; email?: string; active?: boolean } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const role = opts.role ?? 'learner';
  const email = opts.email ?? `${role}-${unique()}@example.test`;
  const name = opts.name ?? `${role[0].toUpperCase()}${role.slice(1)} ${unique()}`;
  const [row] = await db('users')
    .insert({ name, email, role, password_hash: await passwordHash, active: opts.active ?? true })
    .returning(['id']);
  return { id: row.id, name, email, role, password: TEST_PASSWORD };
}

/** A small two-week course with unique slug, one reading per week, one toolkit section per week. */
export function testCourseData(overrides: Partial<SeedCourse> = {}): SeedCourse {
  const id = unique();
  return {
    slug: `course-${id}`,
    title: `Test course ${id}`,
    summary: 'A course for tests.',
    descriptionMd: 'Test description.',
    contactHours: 15,
    priceMinor: 25000,
    currency: 'USD',
    outcomes: ['Outcome one', 'Outcome two'],
    audienceMd: 'Everyone.',
    providerName: 'Test Provider',
    instructor: { name: 'Ina Instructor', bioMd: 'Bio.' },
    supportResourcesMd: 'Support.',
    evaluationQuestions: [],
    modules: [1, 2].map((week) => ({
      week,
      title: `Week ${week} title`,
      summaryMd: `Week ${week} summary.`,
      outcomeNumbers: [week],
      estimatedMinutes: 60,
      readings: [
        {
          slug: `reading-${week}`,
          title: `Reading ${week}`,
          minutes: 10,
          bodyMd: `Reading ${week} body.`,
          suggestions: [{ sectionKey: `section-${week}`, text: `Suggestion ${week}` }],
        },
      ],
      exercise: { title: `Exercise ${week}`, promptMd: `Prompt ${week}.` },
      discussionPrompt: `Discuss week ${week}.`,
      toolkitSections: [{ key: `section-${week}`, title: `Section ${week}`, prompt: 'Prompt', examples: ['Example'] }],
    })),
    ...overrides,
  };
}

export async function createCourse(db: Knex, overrides: Partial<SeedCourse> = {}, published = true): Promise<{ id: number; slug: string; data: SeedCourse }> {
  const data = testCourseData(overrides);
  const id = await insertSeedCourse(db, data, published);
  return { id, slug: data.slug, data };
}

export interface TestSession {
  id: number;
  courseId: number;
}

/** A session of a course; by default it started `startedDaysAgo` days ago (0 = today, negative = future). */
export async function createSession(
  db: Knex,
  courseId: number,
  opts: { startDate?: string; startedDaysAgo?: number; timeZone?: string; capacity?: number; minEnrolment?: number; weeks?: number; status?: 'scheduled' | 'cancelled'; registrationOpensAt?: Date } = {},
): Promise<TestSession> {
  const timeZone = opts.timeZone ?? 'UTC';
  const startDate = opts.startDate ?? new Date(Date.now() - (opts.startedDaysAgo ?? -14) * 86_400_000).toISOString().slice(0, 10);
  const weeks = opts.weeks ?? 2;
  const dates = sessionDates(startDate, timeZone, weeks);
  const [row] = await db('course_sessions')
    .insert({
      course_id: courseId,
      title: formatSessionRange(dates.startsAt, dates.endsAt, timeZone),
      start_date: startDate,
      time_zone: timeZone,
      starts_at: dates.startsAt,
      ends_at: dates.endsAt,
      registration_opens_at: opts.registrationOpensAt ?? new Date(Date.now() - 60 * 86_400_000),
      registration_closes_at: dates.registrationClosesAt,
      go_no_go_at: dates.goNoGoAt,
      completion_deadline_at: dates.completionDeadlineAt,
      capacity: opts.capacity ?? 20,
      min_enrolment: opts.minEnrolment ?? 0,
      price_minor: 25000,
      currency: 'USD',
      status: opts.status ?? 'scheduled',
    })
    .returning(['id']);
  return { id: row.id, courseId };
}

export async function enrol(db: Knex, sessionId: number, userId: number, status: 'enrolled' | 'waitlisted' = 'enrolled'): Promise<number> {
  const [row] = await db('enrolments')
    .insert({ course_session_id: sessionId, user_id: userId, status, enrolled_at: status === 'enrolled' ? new Date() : null })
    .returning(['id']);
  return row.id;
}

export async function assignInstructor(db: Knex, sessionId: number, userId: number): Promise<void> {
  await db('session_instructors').insert({ course_session_id: sessionId, user_id: userId });
}

/**
 * The usual cast for access tests: two sessions of one course, a learner and an instructor in
 * each, and an admin.
 */
export async function createCohorts(db: Knex, opts: { startedDaysAgo?: number } = {}) {
  const course = await createCourse(db);
  const startedDaysAgo = opts.startedDaysAgo ?? 1;
  const sessionA = await createSession(db, course.id, { startedDaysAgo });
  const sessionB = await createSession(db, course.id, { startedDaysAgo });
  const learnerA = await createUser(db);
  const learnerB = await createUser(db);
  const instructorA = await createUser(db, { role: 'instructor' });
  const instructorB = await createUser(db, { role: 'instructor' });
  const admin = await createUser(db, { role: 'admin' });
  await enrol(db, sessionA.id, learnerA.id);
  await enrol(db, sessionB.id, learnerB.id);
  await assignInstructor(db, sessionA.id, instructorA.id);
  await assignInstructor(db, sessionB.id, instructorB.id);
  return { course, sessionA, sessionB, learnerA, learnerB, instructorA, instructorB, admin };
}

/**
 * A course and a session starting on a far-off date (so no other test's session opens a week or
 * closes at the same moment), with one learner enrolled; its start and completion deadline.
 */
export async function futureSessionWithLearner(db: Knex, startDate: string, learnerId?: number) {
  const course = await createCourse(db, { title: 'Gentle Course' });
  const session = await createSession(db, course.id, { startDate });
  const learner = learnerId ? await db('users').where({ id: learnerId }).first('id', 'name', 'email') : await createUser(db, { name: 'Ada Reader' });
  const enrolmentId = await enrol(db, session.id, learner.id);
  const row = await db('course_sessions').where({ id: session.id }).first('starts_at', 'completion_deadline_at');
  return { course, session, learner: learner as { id: number; name: string; email: string }, enrolmentId, startsAt: row.starts_at as Date, deadline: row.completion_deadline_at as Date };
}
