import type { Knex } from 'knex';
import { renderMarkdown } from '../../src/lib/markdown';
import type { TestContext } from './app';
import { createCohorts, createUser, enrol } from './factories';
import { signIn } from './http';

export async function moduleId(db: Knex, courseId: number, week: number): Promise<number> {
  const row = await db('course_modules').select('id').where({ course_id: courseId, week }).first();
  if (!row) throw new Error(`no week ${week} in course ${courseId}`);
  return row.id;
}

/** A thread with its opening post, written straight to the database (fast, for volume). */
export async function createThread(
  db: Knex,
  opts: { sessionId: number; courseId: number; week?: number; authorId: number; title?: string; body?: string; pinned?: boolean; locked?: boolean },
): Promise<{ threadId: number; openingPostId: number }> {
  const [thread] = await db('discussion_threads')
    .insert({
      course_session_id: opts.sessionId,
      course_module_id: await moduleId(db, opts.courseId, opts.week ?? 1),
      author_id: opts.authorId,
      title: opts.title ?? 'A thread',
      pinned: opts.pinned ?? false,
      locked: opts.locked ?? false,
    })
    .returning(['id']);
  const body = opts.body ?? 'Opening words.';
  const [post] = await db('discussion_posts')
    .insert({ thread_id: thread.id, author_id: opts.authorId, depth: 0, body_md: body, body_html: renderMarkdown(body) })
    .returning(['id']);
  return { threadId: thread.id, openingPostId: post.id };
}

/** Many direct replies to a thread's opening post in one insert. */
export async function createReplies(db: Knex, threadId: number, authorIds: number[], count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({
    thread_id: threadId,
    author_id: authorIds[i % authorIds.length],
    depth: 1,
    body_md: `Reply number ${i + 1}`,
    body_html: `<p>Reply number ${i + 1}</p>`,
  }));
  const inserted: { id: number }[] = await db('discussion_posts').insert(rows).returning(['id']);
  const opening = await db('discussion_posts').select('id').where({ thread_id: threadId }).whereNull('parent_id').first();
  await db('discussion_posts').whereIn('id', inserted.map((r) => r.id)).update({ parent_id: opening.id, top_post_id: db.ref('id') });
  await db('discussion_threads').where({ id: threadId }).update({ reply_count: count });
}

/**
 * Two learners of session A, Ari Author (who opened "Hard week") and Pat Peer, and its instructor,
 * each signed in: the cast of a post's own controls, a reader's and a moderator's.
 */
export async function signedInThreadCast(ctx: TestContext) {
  const c = await createCohorts(ctx.db);
  const author = await createUser(ctx.db, { name: 'Ari Author' });
  const peer = await createUser(ctx.db, { name: 'Pat Peer' });
  await enrol(ctx.db, c.sessionA.id, author.id);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const t = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: author.id, title: 'Hard week', body: 'The desk was busy today.' });
  return { ...c, ...t, author: await signIn(ctx.app, author), reader: await signIn(ctx.app, peer), moderator: await signIn(ctx.app, c.instructorA) };
}
