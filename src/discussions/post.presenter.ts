import { formatInZone } from '../lib/dates';
import type { PostWithNames } from './discussions.types';
import { withinEditWindow } from './discussions.policy';

export interface PostViewer {
  id: number;
  staff: boolean;
  lastSeenPostId: number;
}

export interface PostView {
  id: number;
  threadId: number;
  level: 0 | 1 | 2;
  /** Its place in the thread's reading order, "top branch id" (see migration 0517), for live insertion. */
  order: string;
  isOpening: boolean;
  authorName: string;
  createdIso: string;
  createdText: string;
  edited: boolean;
  state: 'visible' | 'pending' | 'hidden' | 'removed';
  /** Sanitised when written; undefined when this reader may not see the text. */
  bodyHtml?: string;
  contentNote?: string;
  hiddenReason?: string;
  /** Whom a reply answers: shown from level 3, where indentation stops; said only to screen readers above that. */
  inReplyTo?: { id: number; name: string; shown: boolean };
  isNew: boolean;
  mine: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canReport: boolean;
  canModerate: boolean;
}

/**
 * What one reader sees of a post. `viewer` undefined builds the neutral version sent live to
 * everyone in a room: no personal actions, nothing that only the author or staff may see.
 */
export function presentPost(post: PostWithNames, timeZone: string, viewer?: PostViewer, now = new Date()): PostView {
  const mine = viewer !== undefined && post.author_id === viewer.id;
  const staff = viewer?.staff === true;
  const state = post.status === 'deleted' ? 'removed' : post.status;
  const showBody = state === 'visible' || ((state === 'hidden' || state === 'pending') && (mine || staff));
  const withinEdit = withinEditWindow(post.created_at, now);
  return {
    id: post.id,
    threadId: post.thread_id,
    level: Math.min(post.depth, 2) as 0 | 1 | 2,
    order: `${post.top_post_id ?? 0} ${post.branch_post_id ?? 0} ${post.id}`,
    isOpening: post.parent_id === null,
    authorName: post.author_name ?? 'A former participant',
    createdIso: post.created_at.toISOString(),
    createdText: formatInZone(post.created_at, timeZone, 'd LLL yyyy, HH:mm'),
    edited: post.edited_at !== null && state !== 'removed',
    state,
    bodyHtml: showBody ? post.body_html : undefined,
    contentNote: showBody ? (post.content_note ?? undefined) : undefined,
    hiddenReason: state === 'hidden' && (mine || staff) ? (post.hidden_reason ?? undefined) : undefined,
    inReplyTo: post.depth >= 1 && post.parent_id ? { id: post.parent_id, name: post.parent_author_name ?? 'a former participant', shown: post.depth >= 3 } : undefined,
    isNew: viewer !== undefined && !mine && post.id > viewer.lastSeenPostId && state === 'visible',
    mine,
    canEdit: mine && (state === 'visible' || state === 'pending') && withinEdit,
    canDelete: mine && state !== 'removed',
    canReport: viewer !== undefined && !staff && !mine && state === 'visible',
    canModerate: staff,
  };
}
