import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, createPostgresDb } from '../src/db';
import { prepareDatabase } from '../src/db/prepare';
import { hashPassword } from '../src/auth/passwords';
import { sessionDates, nextMonday, formatSessionRange } from '../src/enrolment/session-dates';
import { DEMO_PASSWORD } from '../seeds';
import { DAY, bodyPool, hasTable, insertAll, insertIds, prng, sentence } from './seed-helpers';
import { seedDiscussions, seedPastCohortBoard } from './seed-discussions';

/** How much data a benchmark database holds. */
export interface SeedSize {
  name: 'large' | 'small';
  /** Learners enrolled in the benchmarked session, the two demo learners included. */
  learners: number;
  /** Threads on each week's board of the benchmarked session. */
  threadsPerBoard: number;
  /** Posts in the whole database, the 50-post thread's included. */
  totalPosts: number;
}

export const LARGE: SeedSize = { name: 'large', learners: 1000, threadsPerBoard: 200, totalPosts: 100_000 };
export const SMALL: SeedSize = { name: 'small', learners: 100, threadsPerBoard: 200, totalPosts: 1000 };

export { BIG_THREAD_POSTS } from './seed-discussions';
/** Toolkit entries of the benchmark learner, for the toolkit PDF. */
export const LEARNER_TOOLKIT_ENTRIES = 50;

export interface SeedResult {
  size: SeedSize;
  courseSlug: string;
  sessionId: number;
  /** The session that ended, with one small board (PAST_COHORT_POSTS posts) its instructor can search. */
  pastSessionId: number;
  week1ModuleId: number;
  bigThreadId: number;
  learner: { email: string; password: string; enrolmentId: number; userId: number };
  instructor: { email: string; password: string; userId: number };
  certificateCode: string | null;
  counts: Record<string, number>;
  seconds: number;
}

/** Where the app finds a seeded database: a PostgreSQL URL or an embedded data directory. */
export interface BenchTarget {
  label: string;
  databaseUrl?: string;
  dataDir?: string;
}

export interface BenchDatabase {
  target: BenchTarget;
  knex: Knex;
  /** Closes the seeding connection (the app must be the only user of an embedded database). */
  close(): Promise<void>;
  /** Removes the database (PostgreSQL) or its directory (embedded). */
  drop(): Promise<void>;
}

export const benchDataDir = path.resolve(__dirname, '.data');

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, empty database for one benchmark: `kindred_bench_<ts>[_suffix]` on the server at
 * `serverUrl`, or an embedded PGlite directory under bench/.data when there is no server.
 */
export async function createBenchDatabase(stamp: string, suffix: string, serverUrl?: string): Promise<BenchDatabase> {
  if (serverUrl) {
    const name = `kindred_bench_${stamp}${suffix ? `_${suffix}` : ''}`;
    const admin = createPostgresDb(serverUrl, { min: 0, max: 1 });
    await admin.knex.raw(`create database ${name}`);
    await admin.close();
    const url = withDatabase(serverUrl, name);
    const database = createPostgresDb(url, { min: 0, max: 4 });
    let closed = false;
    const close = async () => {
      if (!closed) await database.close();
      closed = true;
    };
    return {
      target: { label: `postgres ${name}`, databaseUrl: url },
      knex: database.knex,
      close,
      async drop() {
        await close();
        const dropper = createPostgresDb(serverUrl, { min: 0, max: 1 });
        try {
          await dropper.knex.raw(`drop database if exists ${name} with (force)`);
        } finally {
          await dropper.close();
        }
      },
    };
  }
  const dataDir = path.join(benchDataDir, `${stamp}${suffix ? `-${suffix}` : ''}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const database = createDb({ dataDir });
  let closed = false;
  const close = async () => {
    if (!closed) await database.close();
    closed = true;
  };
  return {
    target: { label: `embedded ${path.relative(process.cwd(), dataDir)}`, dataDir },
    knex: database.knex,
    close,
    async drop() {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Seeds the reference course with demo accounts (through the app's own `prepareDatabase`), then
 * the benchmark load: four sessions of the reference course, `size.learners` learners in the
 * running session, every week's board full of threads, one 50-post thread, `size.totalPosts`
 * posts in all, a submission, reading progress and toolkit entries for every learner.
 */
export async function seedBenchDatabase(db: Knex, size: SeedSize, log: (line: string) => void = () => {}): Promise<SeedResult> {
  const started = Date.now();
  const rand = prng(20261129);
  const now = new Date();
  await prepareDatabase(db, { demo: true });
  log(`${size.name}: migrated and seeded the reference course`);

  const course = await db('courses').orderBy('id').first('id', 'slug', 'title');
  const learnerUser = await db('users').where({ email: 'learner@kindred.test' }).first('id');
  const instructorUser = await db('users').where({ email: 'helen@kindred.test' }).first('id');
  const learnerEnrolment = await db('enrolments').where({ user_id: learnerUser.id }).first('id', 'course_session_id');
  const sessionId: number = learnerEnrolment.course_session_id;
  const modules: { id: number; week: number }[] = await db('course_modules').where({ course_id: course.id }).orderBy('week').select('id', 'week');
  const weeks = modules.length;

  // Two more sessions of the reference course: one that ended, one further ahead (four in all).
  const zone = 'Europe/London';
  const addedSessionIds: number[] = [];
  for (const offsetDays of [-90, 60]) {
    const start = nextMonday(new Date(now.getTime() + offsetDays * DAY), zone);
    const dates = sessionDates(start, zone, weeks);
    const [added] = await db('course_sessions').insert({
      course_id: course.id,
      title: formatSessionRange(dates.startsAt, dates.endsAt, zone),
      start_date: start,
      time_zone: zone,
      starts_at: dates.startsAt,
      ends_at: dates.endsAt,
      registration_opens_at: new Date(dates.startsAt.getTime() - 60 * DAY),
      registration_closes_at: dates.registrationClosesAt,
      go_no_go_at: dates.goNoGoAt,
      completion_deadline_at: dates.completionDeadlineAt,
      capacity: 20,
      min_enrolment: 6,
      price_minor: 24900,
      currency: 'USD',
    }).returning('id');
    addedSessionIds.push(added.id);
  }
  const pastSessionId = addedSessionIds[0];
  await db('course_sessions').where({ id: sessionId }).update({ capacity: Math.max(size.learners, 20) });

  // Learners: one precomputed hash (argon2 is deliberately slow), so all can log in with the demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // The demo seed enrols a few learners already; the rest are added up to size.learners.
  const [{ n: enrolledAlready }] = await db('enrolments').where({ course_session_id: sessionId, status: 'enrolled' }).select(db.raw('count(*)::int as n'));
  const extra = size.learners - enrolledAlready;
  const newUserIds = await insertIds(
    db,
    'users',
    Array.from({ length: extra }, (_, i) => ({
      name: `Bench Learner ${String(i + 1).padStart(4, '0')}`,
      email: `bench-learner-${String(i + 1).padStart(4, '0')}@kindred.test`,
      password_hash: passwordHash,
      role: 'learner',
    })),
  );
  await insertAll(
    db,
    'enrolments',
    newUserIds.map((userId) => ({ course_session_id: sessionId, user_id: userId, status: 'enrolled', payment_status: 'paid', enrolled_at: new Date(now.getTime() - 20 * DAY) })),
  );
  // A few registrations in the upcoming session, so the course page shows seats taken.
  const upcoming = await db('course_sessions').where({ course_id: course.id }).where('starts_at', '>', now).orderBy('starts_at').first('id');
  if (upcoming) {
    await insertAll(
      db,
      'enrolments',
      newUserIds.slice(0, 12).map((userId) => ({ course_session_id: upcoming.id, user_id: userId, status: 'enrolled', payment_status: 'paid', enrolled_at: now })),
    );
  }
  const enrolments: { id: number; user_id: number }[] = await db('enrolments').where({ course_session_id: sessionId, status: 'enrolled' }).orderBy('id').select('id', 'user_id');
  log(`${size.name}: ${enrolments.length} learners enrolled in session ${sessionId}`);

  // Reading progress: week 1 read by everyone, week 2 by every other learner.
  const readings: { id: number; course_module_id: number }[] = await db('readings').whereIn('course_module_id', modules.map((m) => m.id)).select('id', 'course_module_id');
  const weekOf = new Map(modules.map((m) => [m.id, m.week]));
  const progressRows: Record<string, unknown>[] = [];
  enrolments.forEach((e, i) => {
    for (const r of readings) {
      const week = weekOf.get(r.course_module_id);
      if (week === 1 || (week === 2 && i % 2 === 0)) progressRows.push({ enrolment_id: e.id, reading_id: r.id, done_at: new Date(now.getTime() - (week === 1 ? 10 : 3) * DAY) });
    }
  });
  await insertAll(db, 'reading_progress', progressRows);

  // Reflections: week 1 submitted by everyone (most with feedback), week 2 a draft.
  const exercises: { id: number; course_module_id: number }[] = await db('exercises').whereIn('course_module_id', modules.map((m) => m.id)).select('id', 'course_module_id');
  const exerciseOfWeek = new Map(exercises.map((x) => [weekOf.get(x.course_module_id), x.id]));
  const bodies = bodyPool(rand, 200);
  // Learners the demo seed gave a reflection keep it; everyone else gets one.
  const reflected = new Set((await db('reflections').where({ exercise_id: exerciseOfWeek.get(1) }).pluck('enrolment_id')) as number[]);
  const reflectionIds = await insertIds(
    db,
    'reflections',
    enrolments.filter((e) => !reflected.has(e.id)).map((e, i) => ({
      enrolment_id: e.id,
      exercise_id: exerciseOfWeek.get(1),
      status: i % 5 === 0 ? 'submitted' : 'accepted',
      draft_text: bodies[i % bodies.length].md,
      current_version: 1,
      submitted_at: new Date(now.getTime() - 9 * DAY),
    })),
  );
  await insertAll(
    db,
    'reflection_versions',
    reflectionIds.map((reflectionId, i) => ({
      reflection_id: reflectionId,
      version: 1,
      text: bodies[i % bodies.length].md,
      submitted_at: new Date(now.getTime() - 9 * DAY),
      ...(i % 5 === 0
        ? {}
        : { feedback_md: 'Thank you for this honest reflection.', feedback_html: '<p>Thank you for this honest reflection.</p>', feedback_by: instructorUser.id, feedback_at: new Date(now.getTime() - 7 * DAY), outcome: 'accepted' }),
    })),
  );
  if (exerciseOfWeek.get(2)) {
    await insertAll(
      db,
      'reflections',
      enrolments.map((e, i) => ({ enrolment_id: e.id, exercise_id: exerciseOfWeek.get(2), status: 'draft', draft_text: bodies[(i + 7) % bodies.length].md, draft_saved_at: now })),
    );
  }

  // Toolkit: one entry per week-1 and week-2 section for every learner; 50 for the benchmark learner.
  const sections: { id: number; course_module_id: number }[] = await db('toolkit_sections').whereIn('course_module_id', modules.map((m) => m.id)).orderBy('id').select('id', 'course_module_id');
  const earlySections = sections.filter((s) => (weekOf.get(s.course_module_id) ?? 99) <= 2);
  // The benchmark learner's toolkit is exactly LEARNER_TOOLKIT_ENTRIES entries, whatever the demo seed wrote.
  await db('toolkit_entries').where({ enrolment_id: learnerEnrolment.id }).delete();
  const toolkitRows: Record<string, unknown>[] = [];
  for (const [i, e] of enrolments.entries()) {
    if (e.id === learnerEnrolment.id) continue;
    for (const s of earlySections) toolkitRows.push({ enrolment_id: e.id, toolkit_section_id: s.id, position: 1, body: sentence(rand, 8 + (i % 10)) });
  }
  for (let k = 0; k < LEARNER_TOOLKIT_ENTRIES; k++) {
    const s = sections[k % sections.length];
    toolkitRows.push({ enrolment_id: learnerEnrolment.id, toolkit_section_id: s.id, position: Math.floor(k / sections.length) + 1, body: sentence(rand, 10 + (k % 15)) });
  }
  await insertAll(db, 'toolkit_entries', toolkitRows);
  log(`${size.name}: progress, ${reflectionIds.length} submissions, ${toolkitRows.length} toolkit entries`);

  // Before the big session's posts, which count these towards the total.
  await seedPastCohortBoard(db, { sessionId: pastSessionId, moduleId: modules[0].id, authors: newUserIds.slice(0, 12), instructorId: instructorUser.id, bodies, rand, now });
  const { bigThreadId, posts } = await seedDiscussions(db, { size, sessionId, modules, authors: enrolments.map((e) => e.user_id), instructorId: instructorUser.id, learnerId: learnerUser.id, bodies, rand, now });
  log(`${size.name}: ${posts} posts`);

  const certificateCode = await seedCertificate(db, { courseId: course.id, sessionId, learnerUserId: learnerUser.id, learnerEnrolmentId: learnerEnrolment.id, now });
  await seedReviews(db, course.id, newUserIds.slice(0, 25), rand);

  // As autovacuum leaves a database whose rows were written a while ago: statistics gathered and
  // pages marked all-visible, so reads that an index alone answers do not visit the table.
  await db.raw('vacuum analyze');
  const counts: Record<string, number> = {};
  for (const table of ['users', 'course_sessions', 'enrolments', 'reading_progress', 'reflections', 'reflection_versions', 'toolkit_entries', 'discussion_threads', 'discussion_posts']) {
    const [{ n }] = await db(table).select(db.raw('count(*)::int as n'));
    counts[table] = n;
  }
  return {
    size,
    courseSlug: course.slug,
    sessionId,
    pastSessionId,
    week1ModuleId: modules[0].id,
    bigThreadId,
    learner: { email: 'learner@kindred.test', password: DEMO_PASSWORD, enrolmentId: learnerEnrolment.id, userId: learnerUser.id },
    instructor: { email: 'helen@kindred.test', password: DEMO_PASSWORD, userId: instructorUser.id },
    certificateCode,
    counts,
    seconds: (Date.now() - started) / 1000,
  };
}

/** One issued certificate for the benchmark learner, for the verification page. */
async function seedCertificate(db: Knex, c: { courseId: number; sessionId: number; learnerUserId: number; learnerEnrolmentId: number; now: Date }): Promise<string | null> {
  if (!(await hasTable(db, 'certificates'))) return null;
  const issued = await db('certificates').where({ enrolment_id: c.learnerEnrolmentId }).first('code');
  if (issued) return issued.code as string;
  const course = await db('courses').where({ id: c.courseId }).first();
  const session = await db('course_sessions').where({ id: c.sessionId }).first();
  const user = await db('users').where({ id: c.learnerUserId }).first('name');
  // The app's code alphabet (Crockford base32, 16 characters): see looksLikeCode in src/certificates.
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const code = Array.from(randomBytes(16), (b) => alphabet[b % 32]).join('');
  await db('certificates').insert({
    code,
    enrolment_id: c.learnerEnrolmentId,
    user_id: c.learnerUserId,
    course_id: c.courseId,
    course_session_id: c.sessionId,
    learner_name: user.name,
    course_title: course.title,
    session_starts_at: session.starts_at,
    session_ends_at: session.ends_at,
    time_zone: session.time_zone,
    contact_hours: course.contact_hours,
    provider_name: course.provider_name,
    instructor_name: course.instructor_name,
    completed_at: c.now,
    issued_at: c.now,
    retain_until: new Date(c.now.getTime() + 7 * 365 * DAY),
  });
  return code;
}

async function seedReviews(db: Knex, courseId: number, userIds: number[], rand: () => number): Promise<void> {
  if (!(await hasTable(db, 'course_reviews'))) return;
  await insertAll(
    db,
    'course_reviews',
    userIds.map((userId) => ({ course_id: courseId, user_id: userId, rating: 4 + Math.floor(rand() * 2), body: sentence(rand, 20), status: 'approved' })),
  );
}

// `tsx bench/seed-large.ts [small] [--keep]`: seeds one database and prints what it made.
if (require.main === module) {
  const size = process.argv.includes('small') ? SMALL : LARGE;
  const keep = process.argv.includes('--keep');
  (async () => {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const bench = await createBenchDatabase(stamp, size.name === 'small' ? 'small' : '', process.env.DATABASE_URL);
    try {
      const result = await seedBenchDatabase(bench.knex, size, (line) => console.log(line));
      console.log(JSON.stringify({ target: bench.target, ...result }, null, 2));
    } finally {
      if (keep) await bench.close();
      else await bench.drop();
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
