import { decodeHTML } from 'entities';
import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { findSessionAccess, isStaff, type SessionAccess } from '../enrolment';
import { formatInZone } from '../lib/dates';
import { piecesHeldNarrow } from '../lib/one-byte-html';
import { NotFoundError } from '../lib/errors';
import { weekOpenings } from '../modules';
import * as repo from './discussions.repository';
import { learnerLimitsOf, MATCH_END, MATCH_START, searchPosts, type LearnerLimits, type SearchHitRow } from './search.repository';

export const SEARCH_PAGE_SIZE = 20;

/** A piece of a result's excerpt; `match` pieces are the words searched for. */
export interface ExcerptPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  postId: number;
  threadTitle: ExcerptPart[];
  week: number;
  authorName: string;
  dateText: string;
  isOpening: boolean;
  /** Shown to staff (and to the author) for posts others do not see. */
  stateText?: string;
  /** The writer's warning: the excerpt stays behind it, as the post does on its thread's page. */
  contentNote?: string;
  excerpt: ExcerptPart[];
}

export interface DiscussionSearch {
  access: SessionAccess;
  courseTitle: string;
  hits: SearchHit[];
  page: number;
  more: boolean;
}

const STATE_TEXT: Partial<Record<SearchHitRow['status'], string>> = { pending: 'Waiting for approval', hidden: 'Hidden by a moderator' };

/** A headline's text split into the words searched for and the rest. */
export function markedParts(headline: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  for (const piece of headline.split(MATCH_START)) {
    const end = piece.indexOf(MATCH_END);
    if (end >= 0) parts.push({ text: piece.slice(0, end), match: true });
    const rest = (end >= 0 ? piece.slice(end + MATCH_END.length) : piece).replaceAll(MATCH_END, '');
    if (rest) parts.push({ text: rest, match: false });
  }
  return piecesHeldNarrow(headline, parts);
}

/**
 * A post's headline as plain words: it is cut from the rendered post with its tags taken out, so
 * Markdown's marks are gone and the characters people typed (a `*`, an `_`) stay; the entities the
 * renderer escaped are read back here, and the view escapes the text again.
 */
export function excerptOf(headline: string): ExcerptPart[] {
  return markedParts(decodeHTML(headline).replace(/\s+/g, ' ').trim());
}

/**
 * Searches a session's discussions for what the user may read there: learners of the session the
 * boards of open weeks (as the boards themselves decide), its staff everything but removed posts.
 * Anyone else gets a 404, like the boards.
 */
export async function searchDiscussions(db: Db, user: CurrentUser | undefined, sessionId: number, text: string, page: number, now = new Date()): Promise<DiscussionSearch> {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access || !user) throw new NotFoundError();
  const staff = isStaff(access);
  const [course, modules] = await Promise.all([repo.findCourseOfSession(db, access.session.course_id), repo.listCourseModules(db, access.session.course_id)]);
  if (!text) return { access, courseTitle: course?.title ?? '', hits: [], page: 1, more: false };
  const learner: LearnerLimits = { openWeeks: [], restrictedModules: [], heldThreads: [] };
  if (!staff) {
    const [openings, limits] = await Promise.all([weekOpenings(db, access.session, modules.map((m) => m.week), now), learnerLimitsOf(db, sessionId, user.id)]);
    Object.assign(learner, limits, { openWeeks: modules.filter((_, i) => openings[i].open).map((m) => m.week) });
  }
  const rows = await searchPosts(db, { sessionId, viewerId: user.id, staff, learner, text, limit: SEARCH_PAGE_SIZE + 1, offset: (page - 1) * SEARCH_PAGE_SIZE });
  const zone = access.session.time_zone;
  const hits = rows.slice(0, SEARCH_PAGE_SIZE).map(
    (r): SearchHit => ({
      postId: r.post_id,
      threadTitle: markedParts(r.title_headline),
      week: r.week,
      authorName: r.author_name ?? 'A former participant',
      dateText: formatInZone(r.created_at, zone, 'd LLL yyyy'),
      isOpening: r.is_opening,
      stateText: STATE_TEXT[r.status],
      contentNote: r.content_note || undefined,
      excerpt: excerptOf(r.headline),
    }),
  );
  return { access, courseTitle: course?.title ?? '', hits, page, more: rows.length > SEARCH_PAGE_SIZE };
}
