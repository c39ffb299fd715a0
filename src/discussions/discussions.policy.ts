/** How long an author may edit their post after writing it. */
export const EDIT_WINDOW_MINUTES = 30;

/** Whether a post written at `createdAt` may still be edited at `now`. */
export function withinEditWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= EDIT_WINDOW_MINUTES * 60_000;
}

/** Why a cancelled session's boards take no new thread (it completes "This session was cancelled, so …"). */
export const NO_NEW_THREADS = 'no thread can be started';
