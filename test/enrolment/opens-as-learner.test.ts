import { findSessionAccess, opensAsLearnerSql } from '../../src/enrolment';
import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';

// The rule "who opens a session as its learner" is in accessFromRow for one user, and in
// opensAsLearnerSql for queries over many enrolments (the evaluation summary's release). They agree.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('agrees with the access rule for everyone enrolled: learners, instructors of this session or another, admins teaching it or not', async () => {
  const course = await createCourse(ctx.db);
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: 8 });
  const other = await createSession(ctx.db, course.id, { startedDaysAgo: 8 });
  const people = {
    learner: await createUser(ctx.db),
    instructorHere: await createUser(ctx.db, { role: 'instructor' }),
    instructorElsewhere: await createUser(ctx.db, { role: 'instructor' }),
    instructorUnassigned: await createUser(ctx.db, { role: 'instructor' }),
    admin: await createUser(ctx.db, { role: 'admin' }),
    adminTeachingHere: await createUser(ctx.db, { role: 'admin' }),
    learnerTeachingElsewhere: await createUser(ctx.db),
  };
  await assignInstructor(ctx.db, session.id, people.instructorHere.id);
  await assignInstructor(ctx.db, other.id, people.instructorElsewhere.id);
  await assignInstructor(ctx.db, session.id, people.adminTeachingHere.id);
  await assignInstructor(ctx.db, other.id, people.learnerTeachingElsewhere.id);
  for (const user of Object.values(people)) await enrol(ctx.db, session.id, user.id);

  const bySql: { email: string; learner: boolean }[] = await ctx.db
    .select('u.email', ctx.db.raw(`${opensAsLearnerSql('s', 'u')} as learner`))
    .from('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .where('s.id', session.id);
  const sqlSays = Object.fromEntries(bySql.map((r) => [r.email, r.learner]));
  const accessSays: Record<string, boolean> = {};
  for (const user of Object.values(people)) {
    const row = await ctx.db('users').where({ id: user.id }).first('id', 'role', 'name', 'email');
    accessSays[user.email] = (await findSessionAccess(ctx.db, row, session.id))?.as === 'learner';
  }
  expect(sqlSays).toEqual(accessSays);
  // Both ways occur, so the comparison means something.
  expect(accessSays[people.learner.email]).toBe(true);
  expect(accessSays[people.instructorElsewhere.email]).toBe(true);
  expect(accessSays[people.instructorHere.email]).toBe(false);
  expect(accessSays[people.admin.email]).toBe(false);
});
