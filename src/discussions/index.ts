export { discussionsRouter } from './discussions.routes';
export { threadRouter } from './thread.routes';
export { moderationRouter } from './moderation.routes';
export { preferencesRouter, unsubscribeRouter } from './preferences.routes';
export { attachDiscussionSockets } from './discussions.socket';
export { sendDailyDigests, unsubscribeLinks } from './notify.service';
export { unreadCountForSession, unreadCountForWeek, unreadCountsForSessions } from './board.service';
export type { DiscussionDeps } from './discussions.deps';
