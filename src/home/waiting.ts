import type { ModerationCounts } from '../discussions';

/** What waits for a session's staff, as views/partials/waiting-for-staff.ejs shows it. */
export interface Waiting {
  sessionId: number;
  feedback: number;
  /** The viewer teaches the session, so the reflections waiting are theirs to read (an admin who does not sees the count only). */
  teaches: boolean;
  reports: number;
  heldPosts: number;
}

/** A session's waiting items from its count of reflections awaiting feedback and its moderation counts (none when absent). */
export function waitingOf(sessionId: number, feedback: number, moderation: ModerationCounts | undefined, teaches: boolean): Waiting {
  return { sessionId, feedback, teaches, reports: moderation?.reports ?? 0, heldPosts: moderation?.heldPosts ?? 0 };
}
