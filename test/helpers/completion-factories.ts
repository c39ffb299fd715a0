import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { checkAndIssue } from '../../src/completion';
import type { TestContext } from './app';
import { createCohorts, createUser, enrol, type TestUser } from './factories';

// Rows for the evidence completion reads (readings done, reflections, discussion posts, toolkit
// entries, evaluations), inserted directly so completion tests do not depend on other features' routes.

async function modulesOf(db: Knex, courseId: number, week?: number): Promise<{ id: number; week: number }[]> {
  const q = db('course_modules').select('id', 'week').where({ course_id: courseId }).orderBy('week');
  if (week !== undefined) q.where({ week });
  return q;
}

export async function markReadingsDone(db: Knex, enrolmentId: number, courseId: number, week?: number): Promise<void> {
  const moduleIds = (await modulesOf(db, courseId, week)).map((m) => m.id);
  const readings = await db('readings').select('id').whereIn('course_module_id', moduleIds);
  if (readings.length) {
    await db('reading_progress').insert(readings.map((r: { id: number }) => ({ enrolment_id: enrolmentId, reading_id: r.id }))).onConflict(['enrolment_id', 'reading_id']).ignore();
  }
}

export async function setReflection(db: Knex, enrolmentId: number, courseId: number, week: number, status: 'draft' | 'submitted' | 'returned' | 'accepted'): Promise<void> {
  const [mod] = await modulesOf(db, courseId, week);
  const exercise = await db('exercises').where({ course_module_id: mod.id }).first('id');
  await db('reflections')
    .insert({ enrolment_id: enrolmentId, exercise_id: exercise.id, status, draft_text: 'My reflection', submitted_at: status === 'draft' ? null : new Date(), current_version: status === 'draft' ? 0 : 1 })
    .onConflict(['enrolment_id', 'exercise_id'])
    .merge(['status']);
}

export async function submitReflections(db: Knex, enrolmentId: number, courseId: number): Promise<void> {
  for (const m of await modulesOf(db, courseId)) await setReflection(db, enrolmentId, courseId, m.week, 'submitted');
}

/** A new thread in the week's discussion of the session, opened by `authorId`; returns its opening post id. */
export async function startThread(db: Knex, sessionId: number, courseId: number, week: number, authorId: number, status = 'visible'): Promise<number> {
  const [mod] = await modulesOf(db, courseId, week);
  const [thread] = await db('discussion_threads').insert({ course_session_id: sessionId, course_module_id: mod.id, author_id: authorId, title: 'A thread' }).returning('id');
  const [post] = await db('discussion_posts').insert({ thread_id: thread.id, author_id: authorId, body_md: 'Opening post', body_html: '<p>Opening post</p>', status }).returning('id');
  return post.id;
}

export async function replyTo(db: Knex, parentPostId: number, authorId: number, status = 'visible'): Promise<number> {
  const parent = await db('discussion_posts').where({ id: parentPostId }).first('thread_id', 'depth');
  const [post] = await db('discussion_posts')
    .insert({ thread_id: parent.thread_id, parent_id: parentPostId, author_id: authorId, depth: parent.depth + 1, body_md: 'A reply', body_html: '<p>A reply</p>', status })
    .returning('id');
  return post.id;
}

/** Meets the discussion rule of every week: one thread and two replies to a peer's thread. */
export async function takePartInDiscussions(db: Knex, sessionId: number, courseId: number, learnerId: number, peerId: number): Promise<void> {
  for (const m of await modulesOf(db, courseId)) {
    await startThread(db, sessionId, courseId, m.week, learnerId);
    const peerPost = await startThread(db, sessionId, courseId, m.week, peerId);
    await replyTo(db, peerPost, learnerId);
    await replyTo(db, peerPost, learnerId);
  }
}

export async function fillToolkit(db: Knex, enrolmentId: number, courseId: number, opts: { skipWeek?: number } = {}): Promise<void> {
  const sections = await db('toolkit_sections as t')
    .join('course_modules as m', 'm.id', 't.course_module_id')
    .select('t.id', 'm.week')
    .where('m.course_id', courseId);
  const rows = sections
    .filter((s: { week: number }) => s.week !== opts.skipWeek)
    .map((s: { id: number }) => ({ enrolment_id: enrolmentId, toolkit_section_id: s.id, position: 1, body: 'A strategy that helps me' }));
  if (rows.length) await db('toolkit_entries').insert(rows).onConflict(['enrolment_id', 'toolkit_section_id', 'position']).ignore();
}

export async function insertEvaluation(db: Knex, enrolmentId: number, ratings: number[] = [4, 5], text: { helped?: string; toChange?: string } = {}): Promise<void> {
  await db('evaluations').insert({ enrolment_id: enrolmentId, outcome_ratings: JSON.stringify(ratings), helped: text.helped ?? '', to_change: text.toChange ?? '' });
}

export type CompletionPart = 'readings' | 'reflections' | 'discussions' | 'toolkit' | 'evaluation';

/** Meets every completion rule of the session for a learner, except the parts listed in `except`. */
export async function completeCourse(
  db: Knex,
  target: { sessionId: number; courseId: number; enrolmentId: number; learner: Pick<TestUser, 'id'>; peer: Pick<TestUser, 'id'> },
  except: CompletionPart[] = [],
): Promise<void> {
  const { sessionId, courseId, enrolmentId } = target;
  if (!except.includes('readings')) await markReadingsDone(db, enrolmentId, courseId);
  if (!except.includes('reflections')) await submitReflections(db, enrolmentId, courseId);
  if (!except.includes('discussions')) await takePartInDiscussions(db, sessionId, courseId, target.learner.id, target.peer.id);
  if (!except.includes('toolkit')) await fillToolkit(db, enrolmentId, courseId);
  if (!except.includes('evaluation')) await insertEvaluation(db, enrolmentId);
}

export async function enrolmentIdOf(db: Knex, sessionId: number, userId: number): Promise<number> {
  const row = await db('enrolments').where({ course_session_id: sessionId, user_id: userId }).first('id');
  return row.id;
}

/** The text of a PDF, through pdf-parse. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    return result.text;
  } finally {
    await parser.destroy();
  }
}

/** Reads a zip into { name: bytes } (stored or deflated entries), enough to check an export. */
export function unzip(buffer: Buffer): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i += 1) {
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const localNameLength = buffer.readUInt16LE(localOffset + 26);
    const localExtraLength = buffer.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = buffer.subarray(start, start + compressedSize);
    files[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** createCohorts plus a peer learner in session A (for replies) and the enrolment ids. */
export async function completionCast(db: Knex, opts: { startedDaysAgo?: number } = {}) {
  const cast = await createCohorts(db, opts);
  const peerA = await createUser(db, { name: 'Pat Peer' });
  const peerEnrolmentA = await enrol(db, cast.sessionA.id, peerA.id);
  const enrolmentA = await enrolmentIdOf(db, cast.sessionA.id, cast.learnerA.id);
  const enrolmentB = await enrolmentIdOf(db, cast.sessionB.id, cast.learnerB.id);
  return { ...cast, peerA, peerEnrolmentA, enrolmentA, enrolmentB };
}

/** Everything for learner A of a completionCast, except the parts listed. */
export function completeLearnerA(db: Knex, cast: Awaited<ReturnType<typeof completionCast>>, except: CompletionPart[] = []): Promise<void> {
  return completeCourse(db, { sessionId: cast.sessionA.id, courseId: cast.course.id, enrolmentId: cast.enrolmentA, learner: cast.learnerA, peer: cast.peerA }, except);
}

/** A completionCast whose learner A has completed the course and been issued the certificate (`cert`, its row). */
export async function certifiedCast(ctx: Pick<TestContext, 'db' | 'mailer' | 'config'>) {
  const cast = await completionCast(ctx.db);
  await completeLearnerA(ctx.db, cast);
  await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
  const cert = await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first();
  return { ...cast, cert };
}
