import type { ActionRow } from './moderation.repository';

// The log says what was done in the words of the button or setting that did it.
const WHAT: Record<string, string> = {
  pin: 'Pin',
  unpin: 'Unpin',
  lock: 'Lock',
  unlock: 'Unlock',
  hide: 'Hide',
  restore: 'Restore',
  delete: 'Remove',
  approve: 'Approve',
  resolve_report: 'Mark resolved',
  hold_first_posts_on: 'Hold each learner’s first post for approval: on',
  hold_first_posts_off: 'Hold each learner’s first post for approval: off',
  post_before_viewing_on: 'Post before you see others: on',
  post_before_viewing_off: 'Post before you see others: off',
};

// Actions on one post: their row names whose post it was.
const ON_A_POST = new Set(['hide', 'restore', 'delete', 'approve', 'resolve_report']);

/** Where an action was: a link (to the post, or the thread) with the words before it, or words alone. */
export interface LogWhere {
  before: string;
  link?: { url: string; text: string };
}

export interface LogEntry {
  when: string;
  who: string;
  what: string;
  where: LogWhere;
  why: string;
}

function whereOf(a: ActionRow): LogWhere {
  const inThread = a.thread_id !== null ? { text: a.thread_title ?? 'a thread' } : undefined;
  if (ON_A_POST.has(a.action)) {
    if (a.post_id === null) return inThread ? { before: 'A post no longer there, in ', link: { url: `/threads/${a.thread_id}`, ...inThread } } : { before: 'A post no longer there' };
    const post = `${a.action === 'resolve_report' ? 'Report on a post' : 'Post'} by ${a.post_author_name ?? 'a former participant'}`;
    return inThread ? { before: `${post} in `, link: { url: `/posts/${a.post_id}`, ...inThread } } : { before: post };
  }
  if (inThread) return { before: '', link: { url: `/threads/${a.thread_id}`, ...inThread } };
  // A board's setting keeps its week where other actions keep their reason.
  if (a.action.startsWith('post_before_viewing')) return { before: a.reason ? `${a.reason} discussion board` : 'A discussion board' };
  return { before: 'The whole session' };
}

/** One row of the moderation log, for views/discussions/moderation.ejs. */
export function presentLogEntry(a: ActionRow, when: (d: Date) => string): LogEntry {
  return {
    when: when(a.created_at),
    who: a.actor_name ?? 'A former staff member',
    what: WHAT[a.action] ?? a.action.replace(/_/g, ' '),
    where: whereOf(a),
    why: a.action.startsWith('post_before_viewing') ? '' : (a.reason ?? ''),
  };
}
