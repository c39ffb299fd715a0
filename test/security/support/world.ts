import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Storage } from '../../../src/files';
import { createCohorts } from '../../helpers/factories';

export type World = Awaited<ReturnType<typeof createWorld>>;

/** Text only learner A and those teaching session A may ever see. */
export const SECRET = {
  reflection: 'SECRET-REFLECTION-OF-LEARNER-A',
  post: 'SECRET-POST-OF-LEARNER-A',
  thread: 'SECRET-THREAD-OF-LEARNER-A',
  toolkit: 'SECRET-TOOLKIT-OF-LEARNER-A',
  feedback: 'SECRET-FEEDBACK-FOR-LEARNER-A',
};

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A backup of the database, by the name backups are given; putBackup puts one in the app's folder. */
export const BACKUP_NAME = 'kindred-backup-20261205-020000.tar.gz';

/** Puts a (fake) backup where the app lists them, so an admin's download of it has something to find. */
export function putBackup(backupDir: string): void {
  fs.mkdirSync(backupDir, { recursive: true });
  fs.writeFileSync(path.join(backupDir, BACKUP_NAME), 'not a real backup');
}

async function hasTable(db: Knex, table: string): Promise<boolean> {
  return db.schema.hasTable(table);
}

/**
 * createCohorts (two sessions, a learner and an instructor in each, an admin) plus, in session A,
 * one of every private thing learner A can own: a reflection with feedback, a discussion thread
 * and post, a toolkit entry, a certificate. Rows are written directly (this suite tests access,
 * not the features' own rules); a table that does not exist yet is skipped.
 */
export async function createWorld(db: Knex, storage: Storage) {
  const cohorts = await createCohorts(db);
  const { course, sessionA, learnerA, instructorA } = cohorts;
  const enrolmentA = (await db('enrolments').where({ course_session_id: sessionA.id, user_id: learnerA.id }).first('id')).id as number;
  const module1 = await db('course_modules').where({ course_id: course.id, week: 1 }).first('id');
  const reading1 = await db('readings').where({ course_module_id: module1.id }).first('id');
  const exercise1 = await db('exercises').where({ course_module_id: module1.id }).first('id');
  const section1 = await db('toolkit_sections').where({ course_module_id: module1.id }).first('id');

  const [reflection] = await db('reflections')
    .insert({ enrolment_id: enrolmentA, exercise_id: exercise1.id, status: 'accepted', draft_text: SECRET.reflection, current_version: 1, submitted_at: new Date() })
    .returning(['id']);
  const [version] = await db('reflection_versions')
    .insert({ reflection_id: reflection.id, version: 1, text: SECRET.reflection, feedback_md: SECRET.feedback, feedback_html: `<p>${SECRET.feedback}</p>`, feedback_by: instructorA.id, feedback_at: new Date(), outcome: 'accepted' })
    .returning(['id']);

  let fileId: number | undefined;
  if (await hasTable(db, 'reflection_files')) {
    const [file] = await db('reflection_files')
      .insert({ reflection_version_id: version.id, storage_key: await storage.put(PDF), original_name: 'secret-a.pdf', content_type: 'application/pdf', size_bytes: PDF.length })
      .returning(['id']);
    fileId = file.id;
  }

  let readingFileId: number | undefined;
  if (await hasTable(db, 'reading_files')) {
    const [file] = await db('reading_files')
      .insert({ reading_id: reading1.id, storage_key: await storage.put(PDF), original_name: 'handout.pdf', content_type: 'application/pdf', size_bytes: PDF.length })
      .returning(['id']);
    readingFileId = file.id;
  }

  const [thread] = await db('discussion_threads')
    .insert({ course_session_id: sessionA.id, course_module_id: module1.id, author_id: learnerA.id, title: SECRET.thread })
    .returning(['id']);
  const [post] = await db('discussion_posts')
    .insert({ thread_id: thread.id, author_id: learnerA.id, body_md: SECRET.post, body_html: `<p>${SECRET.post}</p>` })
    .returning(['id']);
  const [reply] = await db('discussion_posts')
    .insert({ thread_id: thread.id, parent_id: post.id, author_id: instructorA.id, depth: 1, body_md: 'A reply.', body_html: '<p>A reply.</p>' })
    .returning(['id']);

  let reportId: number | undefined;
  if (await hasTable(db, 'discussion_reports')) {
    const [report] = await db('discussion_reports')
      .insert({ course_session_id: sessionA.id, post_id: post.id, reporter_id: instructorA.id, reason: 'A report.' })
      .returning(['id']);
    reportId = report.id;
  }

  const [entry] = await db('toolkit_entries')
    .insert({ enrolment_id: enrolmentA, toolkit_section_id: section1.id, position: 1, body: SECRET.toolkit })
    .returning(['id']);
  // Shared with the session's instructor, so the shared toolkit's page has something to show, or to refuse.
  await db('toolkit_shares').insert({ enrolment_id: enrolmentA, toolkit_section_id: section1.id });

  let certificateCode = 'NO-SUCH-CODE';
  let certificateId: number | undefined;
  if (await hasTable(db, 'certificates')) {
    certificateCode = randomBytes(8).toString('hex').toUpperCase();
    const [cert] = await db('certificates')
      .insert({
        code: certificateCode,
        enrolment_id: enrolmentA,
        user_id: learnerA.id,
        course_id: course.id,
        course_session_id: sessionA.id,
        learner_name: learnerA.name,
        course_title: course.data.title,
        session_starts_at: new Date(Date.now() - 86_400_000),
        session_ends_at: new Date(Date.now() + 13 * 86_400_000),
        time_zone: 'UTC',
        contact_hours: 15,
        provider_name: 'Test Provider',
        instructor_name: 'Ina Instructor',
        completed_at: new Date(),
        retain_until: new Date(Date.now() + 365 * 86_400_000),
      })
      .returning(['id']);
    certificateId = cert.id;
  }

  const suggestion = await db('reading_suggestions').where({ reading_id: reading1.id }).first('id');
  let reviewId: number | undefined;
  if (await hasTable(db, 'course_reviews')) {
    const [review] = await db('course_reviews').insert({ course_id: course.id, user_id: learnerA.id, rating: 5, body: 'A kind course.' }).returning(['id']);
    reviewId = review.id;
  }

  const [setAside] = await db('reflection_drafts_set_aside').insert({ reflection_id: reflection.id, text: SECRET.reflection }).returning(['id']);
  const [toolkitText] = await db('toolkit_texts_set_aside').insert({ enrolment_id: enrolmentA, toolkit_section_id: section1.id, text: SECRET.toolkit }).returning(['id']);

  const [announcement] = await db('announcements')
    .insert({ course_session_id: sessionA.id, author_id: instructorA.id, title: 'News for A', body_md: 'Hello.', body_html: '<p>Hello.</p>', emailed_at: new Date() })
    .returning(['id']);

  const [phrase] = await db('feedback_phrases').insert({ user_id: instructorA.id, text: 'Thank you for writing so honestly.' }).returning(['id']);

  const [earlierAddress] = await db('course_slug_history').insert({ course_id: course.id, slug: `${course.slug}-before` }).returning(['id']);

  const [refund] = await db('deleted_account_refunds').insert({ course_session_id: sessionA.id, name: 'Former Learner', email: 'former@example.test', fee_minor: 100, fee_currency: 'USD' }).returning(['id']);

  const [email] = await db('outbox_emails').insert({ to_address: 'someone@example.test', subject: 'Hello', body_text: 'Hi.', status: 'kept' }).returning(['id']);

  return {
    ...cohorts,
    enrolmentA,
    moduleId: module1.id as number,
    readingId: reading1.id as number,
    exerciseId: exercise1.id as number,
    sectionId: section1.id as number,
    reflectionId: reflection.id as number,
    versionId: version.id as number,
    fileId,
    readingFileId,
    threadId: thread.id as number,
    postId: post.id as number,
    replyId: reply.id as number,
    reportId,
    entryId: entry.id as number,
    certificateCode,
    certificateId,
    outboxId: email.id as number,
    announcementId: announcement.id as number,
    setAsideId: setAside.id as number,
    toolkitTextId: toolkitText.id as number,
    suggestionId: suggestion?.id as number | undefined,
    reviewId,
    phraseId: phrase.id as number,
    earlierAddressId: earlierAddress.id as number,
    deletedAccountRefundId: refund.id as number,
  };
}
