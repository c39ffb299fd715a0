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
import * as addGoNoGoFlaggedAt from './20261129_0200_add_go_no_go_flagged_at_to_course_sessions';
import * as createEnrolmentEvents from './20261129_0201_create_enrolment_events';
import * as addWaitlistIndex from './20261129_0202_add_waitlist_index_to_enrolments';
import * as addGoNoGoIndex from './20261129_0203_add_go_no_go_index_to_course_sessions';
import * as discussionsCreateDiscussionReports from './20261129_0510_create_discussion_reports';
import * as discussionsCreateModerationActions from './20261129_0511_create_moderation_actions';
import * as discussionsCreateDiscussionReads from './20261129_0512_create_discussion_reads';
import * as discussionsCreateDiscussionFollows from './20261129_0513_create_discussion_follows';
import * as discussionsCreateNotificationPreferences from './20261129_0514_create_notification_preferences';
import * as discussionsCreateDiscussionBoardSettings from './20261129_0515_create_discussion_board_settings';
import * as discussionsCreateAnnouncements from './20261129_0516_create_announcements';
import * as discussionsAddThreadPositionToDiscussionPosts from './20261129_0517_add_thread_position_to_discussion_posts';
import * as createEvaluations from './20261129_0700_create_evaluations';
import * as createCertificates from './20261129_0701_create_certificates';
import * as createCertificateEvents from './20261129_0702_create_certificate_events';
import * as createCourseReviews from './20261129_0703_create_course_reviews';
import * as toolkitCreateToolkitDrafts from './20261129_0610_create_toolkit_drafts';
import * as toolkitCreateToolkitShares from './20261129_0611_create_toolkit_shares';
import * as toolkitCreateWellbeingCheckins from './20261129_0612_create_wellbeing_checkins';
import * as reflectionsCreateReflectionFiles from './20261129_0310_create_reflection_files';
import * as authoringCreateReadingFiles from './20261129_0400_create_reading_files';
import * as scaleCreateSocketIoAttachments from './20261129_0900_create_socket_io_attachments';
import * as discussionsAddLastVisiblePostToDiscussionThreads from './20261204_0520_add_last_visible_post_to_discussion_threads';
import * as completionCreateCompletionCounters from './20261204_0700_create_completion_counters';
import * as peopleIndexUsersByNewest from './20261204_0800_index_users_by_newest';
import * as certificatesAllowRestoredCertificateEvents from './20261204_0900_allow_restored_certificate_events';
import * as enrolmentAddFeeToEnrolments from './20261204_1000_add_fee_to_enrolments';
import * as completionCountApprovedPostsOnly from './20261204_1100_count_approved_posts_only';
import * as modulesCreateWeekOpeningNotices from './20261205_0100_create_week_opening_notices';
import * as accountCreateEmailChanges from './20261205_0200_create_email_changes';
import * as completionCreateCompletionReminders from './20261205_0300_create_completion_reminders';
import * as discussionsIndexDiscussionTextSearch from './20261205_0400_index_discussion_text_search';
import * as enrolmentRecordMovesBetweenSessions from './20261205_0500_record_moves_between_sessions';
import * as completionCreateStaffMessages from './20261205_0600_create_staff_messages';
import * as completionAddCompletionExtensionToEnrolments from './20261205_0700_add_completion_extension_to_enrolments';
import * as completionCreateExtensionReminders from './20261205_0800_create_extension_reminders';
import * as notificationsQueueOutboxEmails from './20261205_0900_queue_outbox_emails';
import * as authCreateRateLimitHits from './20261205_1000_create_rate_limit_hits';
import * as announcementsScheduleAnnouncements from './20261205_1100_schedule_announcements';
import * as reflectionsKeepDraftsSetAside from './20261205_1200_keep_drafts_set_aside';
import * as toolkitKeepToolkitTextsSetAside from './20261205_1300_keep_toolkit_texts_set_aside';
import * as reflectionsMarkFeedbackChanged from './20261205_1400_mark_feedback_changed';
import * as reflectionsCreateFeedbackDrafts from './20261205_1500_create_feedback_drafts';
import * as enrolmentCreateSessionOffers from './20261205_1600_create_session_offers';
import * as discussionsAddBoardToDiscussionPosts from './20261205_2300_add_board_to_discussion_posts';
import * as certificatesIndexByCompletion from './20261206_0000_index_certificates_by_completion';
import * as reflectionsCreateFeedbackPhrases from './20261206_0100_create_feedback_phrases';
import * as notificationsAddUnsubscribeUrl from './20261206_0300_add_unsubscribe_url_to_outbox_emails';
import * as notificationsAddReplyTo from './20261206_0310_add_reply_to_to_outbox_emails';
import * as modulesAddCalendarToken from './20261206_0320_add_calendar_token_to_enrolments';
import * as notificationsAddOfferAndStaffChoices from './20261206_0400_add_offer_and_staff_choices_to_notification_preferences';
import * as authoringCreateCourseSlugHistory from './20261206_0530_create_course_slug_history';
import * as toolkitLinkEntriesToSuggestions from './20261206_0540_link_toolkit_entries_to_suggestions';
import * as authoringOrderReadingSuggestions from './20261206_0550_order_reading_suggestions';
import * as reflectionsKeepPromptWithVersions from './20261206_0600_keep_prompt_with_reflection_versions';
import * as enrolmentAddFormKeyToCourseSessions from './20261206_0700_add_form_key_to_course_sessions';
import * as reflectionsKeepExerciseTitleWithVersions from './20261206_0820_keep_exercise_title_with_reflection_versions';
import * as toolkitKeepSectionWordsWithEntries from './20261206_0821_keep_section_words_with_toolkit_entries';
import * as writeStoredHtmlInOneByte from './20261206_0900_write_stored_html_in_one_byte';
import * as discussionsIndexBoardThreadLists from './20261207_0500_index_board_thread_lists';
import * as discussionsIndexHeldThreadOpenings from './20261207_0600_index_held_thread_openings';
import * as evaluationsAddReleasedAt from './20261207_0700_add_released_at_to_evaluations';
import * as enrolmentCreateDeletedAccountRefunds from './20261207_1600_create_deleted_account_refunds';
import * as evaluationsIndexUnreleased from './20261207_1700_index_unreleased_evaluations';
import * as evaluationsAddSummaryReleasedAtToSessions from './20261207_1800_add_evaluation_summary_released_at_to_course_sessions';
import * as jobsCreateScheduledJobRuns from './20261208_0000_create_scheduled_job_runs';

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
  '20261129_0200_add_go_no_go_flagged_at_to_course_sessions': addGoNoGoFlaggedAt,
  '20261129_0201_create_enrolment_events': createEnrolmentEvents,
  '20261129_0202_add_waitlist_index_to_enrolments': addWaitlistIndex,
  '20261129_0203_add_go_no_go_index_to_course_sessions': addGoNoGoIndex,
  '20261129_0510_create_discussion_reports': discussionsCreateDiscussionReports,
  '20261129_0511_create_moderation_actions': discussionsCreateModerationActions,
  '20261129_0512_create_discussion_reads': discussionsCreateDiscussionReads,
  '20261129_0513_create_discussion_follows': discussionsCreateDiscussionFollows,
  '20261129_0514_create_notification_preferences': discussionsCreateNotificationPreferences,
  '20261129_0515_create_discussion_board_settings': discussionsCreateDiscussionBoardSettings,
  '20261129_0516_create_announcements': discussionsCreateAnnouncements,
  '20261129_0517_add_thread_position_to_discussion_posts': discussionsAddThreadPositionToDiscussionPosts,
  '20261129_0700_create_evaluations': createEvaluations,
  '20261129_0701_create_certificates': createCertificates,
  '20261129_0702_create_certificate_events': createCertificateEvents,
  '20261129_0703_create_course_reviews': createCourseReviews,
  '20261129_0610_create_toolkit_drafts': toolkitCreateToolkitDrafts,
  '20261129_0611_create_toolkit_shares': toolkitCreateToolkitShares,
  '20261129_0612_create_wellbeing_checkins': toolkitCreateWellbeingCheckins,
  '20261129_0310_create_reflection_files': reflectionsCreateReflectionFiles,
  '20261129_0400_create_reading_files': authoringCreateReadingFiles,
  '20261129_0900_create_socket_io_attachments': scaleCreateSocketIoAttachments,
  '20261204_0520_add_last_visible_post_to_discussion_threads': discussionsAddLastVisiblePostToDiscussionThreads,
  '20261204_0700_create_completion_counters': completionCreateCompletionCounters,
  '20261204_0800_index_users_by_newest': peopleIndexUsersByNewest,
  '20261204_0900_allow_restored_certificate_events': certificatesAllowRestoredCertificateEvents,
  '20261204_1000_add_fee_to_enrolments': enrolmentAddFeeToEnrolments,
  '20261204_1100_count_approved_posts_only': completionCountApprovedPostsOnly,
  '20261205_0100_create_week_opening_notices': modulesCreateWeekOpeningNotices,
  '20261205_0200_create_email_changes': accountCreateEmailChanges,
  '20261205_0300_create_completion_reminders': completionCreateCompletionReminders,
  '20261205_0400_index_discussion_text_search': discussionsIndexDiscussionTextSearch,
  '20261205_0500_record_moves_between_sessions': enrolmentRecordMovesBetweenSessions,
  '20261205_0600_create_staff_messages': completionCreateStaffMessages,
  '20261205_0700_add_completion_extension_to_enrolments': completionAddCompletionExtensionToEnrolments,
  '20261205_0800_create_extension_reminders': completionCreateExtensionReminders,
  '20261205_0900_queue_outbox_emails': notificationsQueueOutboxEmails,
  '20261205_1000_create_rate_limit_hits': authCreateRateLimitHits,
  '20261205_1100_schedule_announcements': announcementsScheduleAnnouncements,
  '20261205_1200_keep_drafts_set_aside': reflectionsKeepDraftsSetAside,
  '20261205_1300_keep_toolkit_texts_set_aside': toolkitKeepToolkitTextsSetAside,
  '20261205_1400_mark_feedback_changed': reflectionsMarkFeedbackChanged,
  '20261205_1500_create_feedback_drafts': reflectionsCreateFeedbackDrafts,
  '20261205_1600_create_session_offers': enrolmentCreateSessionOffers,
  '20261205_2300_add_board_to_discussion_posts': discussionsAddBoardToDiscussionPosts,
  '20261206_0000_index_certificates_by_completion': certificatesIndexByCompletion,
  '20261206_0100_create_feedback_phrases': reflectionsCreateFeedbackPhrases,
  '20261206_0300_add_unsubscribe_url_to_outbox_emails': notificationsAddUnsubscribeUrl,
  '20261206_0310_add_reply_to_to_outbox_emails': notificationsAddReplyTo,
  '20261206_0320_add_calendar_token_to_enrolments': modulesAddCalendarToken,
  '20261206_0400_add_offer_and_staff_choices_to_notification_preferences': notificationsAddOfferAndStaffChoices,
  '20261206_0530_create_course_slug_history': authoringCreateCourseSlugHistory,
  '20261206_0540_link_toolkit_entries_to_suggestions': toolkitLinkEntriesToSuggestions,
  '20261206_0550_order_reading_suggestions': authoringOrderReadingSuggestions,
  '20261206_0600_keep_prompt_with_reflection_versions': reflectionsKeepPromptWithVersions,
  '20261206_0700_add_form_key_to_course_sessions': enrolmentAddFormKeyToCourseSessions,
  '20261206_0820_keep_exercise_title_with_reflection_versions': reflectionsKeepExerciseTitleWithVersions,
  '20261206_0821_keep_section_words_with_toolkit_entries': toolkitKeepSectionWordsWithEntries,
  '20261206_0900_write_stored_html_in_one_byte': writeStoredHtmlInOneByte,
  '20261207_0500_index_board_thread_lists': discussionsIndexBoardThreadLists,
  '20261207_0600_index_held_thread_openings': discussionsIndexHeldThreadOpenings,
  '20261207_0700_add_released_at_to_evaluations': evaluationsAddReleasedAt,
  '20261207_1600_create_deleted_account_refunds': enrolmentCreateDeletedAccountRefunds,
  '20261207_1700_index_unreleased_evaluations': evaluationsIndexUnreleased,
  '20261207_1800_add_evaluation_summary_released_at_to_course_sessions': evaluationsAddSummaryReleasedAtToSessions,
  '20261208_0000_create_scheduled_job_runs': jobsCreateScheduledJobRuns,
};
