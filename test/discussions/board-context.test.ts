import { openBoard } from '../../src/discussions/board.service';
import { NotFoundError } from '../../src/lib/errors';
import { createTestContext, type TestContext } from '../helpers/app';
import { createThread } from '../helpers/discussions-factories';
import { createCohorts, type TestUser } from '../helpers/factories';
import { queriesDuring } from '../helpers/queries';

// Letting someone into a week's board is one query: access, week, opening and the board's settings.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const asUser = (u: TestUser) => ({ id: u.id, role: u.role, name: u.name, email: u.email });

it('decides who may open a board in one query, as findSessionAccess and the week’s opening would', async () => {
  const c = await createCohorts(ctx.db);
  const { module } = await openBoard(ctx.db, asUser(c.instructorA), c.sessionA.id, 1);
  await ctx.db('discussion_board_settings').insert({ course_session_id: c.sessionA.id, course_module_id: module.id, post_before_viewing: true });
  for (const [user, as] of [[c.learnerA, 'learner'], [c.instructorA, 'instructor'], [c.admin, 'admin']] as const) {
    const { result, sql } = await queriesDuring(ctx.db, () => openBoard(ctx.db, asUser(user), c.sessionA.id, 1));
    expect(sql).toHaveLength(1);
    expect(result.access.as).toBe(as);
    expect(result.module).toMatchObject({ id: module.id, week: 1, course_title: expect.any(String) });
    expect([result.postBeforeViewing, result.restricted]).toEqual([true, user === c.learnerA]);
  }
  await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
  expect((await openBoard(ctx.db, asUser(c.learnerA), c.sessionA.id, 1)).restricted).toBe(false);

  for (const user of [c.learnerB, c.instructorB]) {
    await expect(openBoard(ctx.db, asUser(user), c.sessionA.id, 1)).rejects.toThrow(NotFoundError);
  }
  await expect(openBoard(ctx.db, asUser(c.learnerA), c.sessionA.id, 9)).rejects.toThrow(NotFoundError);
  await expect(openBoard(ctx.db, asUser(c.learnerA), c.sessionB.id + 1000, 1)).rejects.toThrow(NotFoundError);
});
