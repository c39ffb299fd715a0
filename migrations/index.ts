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
};
