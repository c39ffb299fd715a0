import type { Knex } from 'knex';
import { renderMarkdown } from '../src/lib/markdown';

/**
 * A little life in the running demo cohort, so each role has something to look at: an
 * announcement, a week-one discussion thread with the instructor's reply, and one submitted
 * reflection waiting in the instructor's feedback queue. The demo learner Lee starts fresh.
 */
export async function seedDemoActivity(
  db: Knex,
  ids: { sessionId: number; courseId: number; instructorId: number; peerId: number; peerEnrolmentId: number },
  now: Date,
): Promise<void> {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const welcome = 'Week two is open. Take it gently: the readings will wait for you, and so will we.';
  await db('announcements').insert({
    course_session_id: ids.sessionId,
    author_id: ids.instructorId,
    title: 'Welcome to week two',
    body_md: welcome,
    body_html: renderMarkdown(welcome),
    created_at: minutesAgo(600),
    published_at: minutesAgo(600),
    emailed_at: minutesAgo(600),
  });

  const week1 = await db('course_modules').where({ course_id: ids.courseId, week: 1 }).first('id');
  const opening = 'A student came to the desk in tears the night before a deadline. I helped, and she left calmer, but I carried it home with me. Does anyone else find the end of term hardest?';
  const reply = 'Thank you for starting us off, Sam. Noticing that you carried it home is exactly the kind of early warning sign we look at this week.';
  const [thread] = await db('discussion_threads')
    .insert({ course_session_id: ids.sessionId, course_module_id: week1.id, author_id: ids.peerId, title: 'The patron I keep thinking about', reply_count: 1, last_post_at: minutesAgo(120), created_at: minutesAgo(300) })
    .returning('id');
  const [openingPost] = await db('discussion_posts')
    .insert({ thread_id: thread.id, author_id: ids.peerId, depth: 0, body_md: opening, body_html: renderMarkdown(opening), created_at: minutesAgo(300) })
    .returning('id');
  const [replyPost] = await db('discussion_posts')
    .insert({ thread_id: thread.id, parent_id: openingPost.id, author_id: ids.instructorId, depth: 1, body_md: reply, body_html: renderMarkdown(reply), created_at: minutesAgo(120) })
    .returning('id');
  await db('discussion_posts').where({ id: replyPost.id }).update({ top_post_id: replyPost.id });

  const exercise = await db('exercises').where({ course_module_id: week1.id }).first('id', 'title', 'prompt_md', 'prompt_html');
  const reflection = 'The interaction that stayed with me was a student in distress before a deadline. Afterwards I noticed I was short with my partner that evening and slept badly.';
  const [row] = await db('reflections')
    .insert({ enrolment_id: ids.peerEnrolmentId, exercise_id: exercise.id, status: 'submitted', draft_text: reflection, current_version: 1, submitted_at: minutesAgo(90), updated_at: minutesAgo(90) })
    .returning('id');
  await db('reflection_versions').insert({ reflection_id: row.id, version: 1, text: reflection, exercise_title: exercise.title, prompt_md: exercise.prompt_md, prompt_html: exercise.prompt_html, submitted_at: minutesAgo(90) });
}
