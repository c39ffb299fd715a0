import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/passwords';
import { formatSessionRange, nextMonday, sessionDates } from '../src/enrolment/session-dates';
import { referenceCourse, secondCourse } from './data/reference-course';
import { insertSeedCourse } from './reference-course';
import { seedDemoActivity } from './demo-activity';

export const DEMO_PASSWORD = 'kindred-demo';
export const DEMO_ACCOUNTS = [
  { email: 'admin@kindred.test', name: 'Ada Admin', role: 'admin' },
  { email: 'helen@kindred.test', name: 'Helen Rimmer', role: 'instructor' },
  { email: 'learner@kindred.test', name: 'Lee Learner', role: 'learner' },
  { email: 'sam@kindred.test', name: 'Sam Shelver', role: 'learner' },
] as const;

const TIME_ZONE = 'Europe/London';

/**
 * Loads the reference course (and a second one, so the catalogue has more than one) once.
 * With `demo`, adds an account per role, a running cohort the demo learners are in, and the
 * next cohort open for registration. Returns false when the database was already seeded.
 */
export async function seedDatabase(db: Knex, opts: { demo: boolean; now?: Date }): Promise<boolean> {
  const now = opts.now ?? new Date();
  return db.transaction(async (trx) => {
    // Instances starting together on an empty database: the second waits here, then sees the seed.
    await trx.raw('select pg_advisory_xact_lock(7317001)');
    const existing = await trx('courses').where({ slug: referenceCourse.slug }).first('id');
    if (existing) return false;
    const courseId = await insertSeedCourse(trx, referenceCourse);
    const secondId = await insertSeedCourse(trx, secondCourse);

    const weeks = referenceCourse.modules.length;
    const upcomingStart = nextMonday(new Date(now.getTime() + 86_400_000), TIME_ZONE);
    const upcoming = await insertSession(trx, courseId, upcomingStart, weeks, referenceCourse.priceMinor, now);
    await insertSession(trx, secondId, nextMonday(new Date(now.getTime() + 15 * 86_400_000), TIME_ZONE), secondCourse.modules.length, secondCourse.priceMinor, now);
    if (!opts.demo) return true;

    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const users = await trx('users')
      .insert(DEMO_ACCOUNTS.map((a) => ({ email: a.email, name: a.name, role: a.role, password_hash: passwordHash })))
      .returning(['id', 'email']);
    const idOf = (email: string) => users.find((u: { email: string }) => u.email === email)!.id as number;

    // A cohort that began on the Monday one to two weeks ago: weeks one and two are open.
    const runningStart = nextMonday(new Date(now.getTime() - 14 * 86_400_000), TIME_ZONE);
    const running = await insertSession(trx, courseId, runningStart, weeks, referenceCourse.priceMinor, new Date(now.getTime() - 30 * 86_400_000));
    for (const sessionId of [running, upcoming]) {
      await trx('session_instructors').insert({ course_session_id: sessionId, user_id: idOf('helen@kindred.test') });
    }
    const enrolments = await trx('enrolments')
      .insert(
        ['learner@kindred.test', 'sam@kindred.test'].map((email) => ({
          course_session_id: running,
          user_id: idOf(email),
          status: 'enrolled',
          payment_status: 'paid',
          enrolled_at: now,
        })),
      )
      .returning(['id', 'user_id']);
    const samId = idOf('sam@kindred.test');
    await seedDemoActivity(
      trx,
      {
        sessionId: running,
        courseId,
        instructorId: idOf('helen@kindred.test'),
        peerId: samId,
        peerEnrolmentId: enrolments.find((e: { user_id: number }) => e.user_id === samId)!.id,
      },
      now,
    );
    return true;
  });
}

async function insertSession(db: Knex, courseId: number, startDate: string, weeks: number, priceMinor: number, createdAt: Date): Promise<number> {
  const dates = sessionDates(startDate, TIME_ZONE, weeks);
  const [{ id }] = await db('course_sessions')
    .insert({
      course_id: courseId,
      title: formatSessionRange(dates.startsAt, dates.endsAt, TIME_ZONE),
      start_date: startDate,
      time_zone: TIME_ZONE,
      starts_at: dates.startsAt,
      ends_at: dates.endsAt,
      registration_opens_at: createdAt,
      registration_closes_at: dates.registrationClosesAt,
      go_no_go_at: dates.goNoGoAt,
      completion_deadline_at: dates.completionDeadlineAt,
      capacity: 20,
      min_enrolment: 6,
      price_minor: priceMinor,
      currency: 'USD',
    })
    .returning('id');
  return id;
}
