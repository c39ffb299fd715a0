import type { Knex } from 'knex';
import * as createUsers from './20261129_0100_create_users';
import * as createHttpSessions from './20261129_0101_create_http_sessions';
import * as createPasswordResets from './20261129_0102_create_password_resets';
import * as createOutboxEmails from './20261129_0103_create_outbox_emails';
import * as createCourses from './20261129_0104_create_courses';
import * as createCourseModules from './20261129_0105_create_course_modules';
import * as createReadings from './20261129_0106_create_readings';
import * as createExercises from './20261129_0107_create_exercises';
import * as createToolkitSections from './20261129_0108_create_toolkit_sections';
import * as createCourseSessions from './20261129_0109_create_course_sessions';
import * as createSessionInstructors from './20261129_0110_create_session_instructors';
import * as createEnrolments from './20261129_0111_create_enrolments';
import * as createWeekUnlocks from './20261129_0300_create_week_unlocks';
import * as createReadingProgress from './20261129_0301_create_reading_progress';
import * as createReflections from './20261129_0302_create_reflections';
import * as createReflectionVersions from './20261129_0303_create_reflection_versions';
import * as createDiscussionThreads from './20261129_0500_create_discussion_threads';
import * as createDiscussionPosts from './20261129_0501_create_discussion_posts';
import * as createToolkitEntries from './20261129_0600_create_toolkit_entries';

/** Every migration, in the order it runs. Add new ones at the end, named YYYYMMDD_NNNN_verb_noun. */
export const migrations: Record<string, Knex.Migration> = {
  '20261129_0100_create_users': createUsers,
  '20261129_0101_create_http_sessions': createHttpSessions,
  '20261129_0102_create_password_resets': createPasswordResets,
  '20261129_0103_create_outbox_emails': createOutboxEmails,
  '20261129_0104_create_courses': createCourses,
  '20261129_0105_create_course_modules': createCourseModules,
  '20261129_0106_create_readings': createReadings,
  '20261129_0107_create_exercises': createExercises,
  '20261129_0108_create_toolkit_sections': createToolkitSections,
  '20261129_0109_create_course_sessions': createCourseSessions,
  '20261129_0110_create_session_instructors': createSessionInstructors,
  '20261129_0111_create_enrolments': createEnrolments,
  '20261129_0300_create_week_unlocks': createWeekUnlocks,
  '20261129_0301_create_reading_progress': createReadingProgress,
  '20261129_0302_create_reflections': createReflections,
  '20261129_0303_create_reflection_versions': createReflectionVersions,
  '20261129_0500_create_discussion_threads': createDiscussionThreads,
  '20261129_0501_create_discussion_posts': createDiscussionPosts,
  '20261129_0600_create_toolkit_entries': createToolkitEntries,
};
