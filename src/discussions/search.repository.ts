import type { Db } from '../db';
import type { PostStatus } from './discussions.types';
import { heldThreads, postFirstBoards } from './learner-reading';

/** Marks around the matched words in a headline; the presenter turns them into <mark> after escaping. */
export const MATCH_START = '⟦';
export const MATCH_END = '⟧';

export interface SearchHitRow {
  post_id: number;
  thread_id: number;
  thread_title: string;
  week: number;
  author_name: string | null;
  created_at: Date;
  is_opening: boolean;
  status: PostStatus;
  content_note: string | null;
  headline: string;
  /** The thread's title with the words searched for marked. */
  title_headline: string;
}

export interface SearchQuery {
  sessionId: number;
  viewerId: number;
  /** Staff see every post but removed ones, in every week. */
  staff: boolean;
  /** What bounds a learner's reading (ignored for staff). */
  learner: LearnerLimits;
  text: string;
  limit: number;
  offset: number;
}

/** What a learner may not read in a session's discussion, beyond others' held and hidden posts. */
export interface LearnerLimits {
  /** The weeks whose boards are open. */
  openWeeks: number[];
  /** Boards set to "post before you see others" where the learner has not posted yet. */
  restrictedModules: number[];
  /** Others' threads whose opening post waits for approval. */
  heldThreads: number[];
}

/** A learner's restricted boards and the held threads of others, in one query (both lists are short; see learner-reading.ts). */
export async function learnerLimitsOf(db: Db, sessionId: number, viewerId: number): Promise<Omit<LearnerLimits, 'openWeeks'>> {
  const { rows } = await db.raw(
    `select coalesce((select array_agg(b.course_module_id) from (${postFirstBoards('= :sessionId', ':viewerId')}) b), '{}') as restricted_modules,
            coalesce((select array_agg(t.id) from discussion_threads t
              where t.id in (${heldThreads('= :sessionId')}) and t.author_id is distinct from :viewerId), '{}') as held_threads`,
    { sessionId, viewerId },
  );
  return { restrictedModules: rows[0].restricted_modules, heldThreads: rows[0].held_threads };
}

const intArray = (ids: number[]) => `{${ids.join(',')}}`;

/**
 * What a learner may read, as the thread pages decide it: boards of open weeks; others' posts once
 * approved and not hidden (their own whatever the state, but removed); not others' threads still
 * held; on a board where they must post first, only their own and pinned threads until they have.
 */
const LEARNER_CAN_READ = `
  m.week = any(cast(:openWeeks as int[]))
  and (p.status = 'visible' or (p.author_id = :viewerId and p.status in ('pending', 'hidden')))
  and not (t.id = any(cast(:heldThreads as int[])))
  and (t.pinned or t.author_id = :viewerId or not (t.course_module_id = any(cast(:restrictedModules as int[]))))`;

/** From this many matches in the session on, a word counts as common (see searchPosts). */
const COMMON_MATCHES = 200;

/**
 * Whether the words match at least `atLeast` posts of the session; reads no more than that many.
 * The order is the board index's, so a common word walks the session's posts through it and stops
 * at `atLeast` (a rare one is still gathered through the GIN index). Without it PostgreSQL read the
 * table from wherever its last sequential scan had stopped, and where edits and moves had left
 * pages nearly empty (the first half of the benchmark's table), it read thousands of them before
 * finding 200 matches: 45 to 134 ms for a word in most posts, not 0.5.
 */
async function hasManyMatches(db: Db, sessionId: number, text: string, atLeast: number): Promise<boolean> {
  const { rows } = await db.raw(
    `select count(*)::int as n from (
       select 1 from discussion_posts p
        where p.board_session_id = :sessionId and p.search_vector @@ websearch_to_tsquery('english', :text)
        order by p.board_module_id desc, p.id desc
        limit :atLeast) x`,
    { sessionId, text, atLeast },
  );
  return rows[0].n >= atLeast;
}

const PAGE_FILTERS = `t.course_session_id = :sessionId and p.status <> 'deleted' and (:staff or (${LEARNER_CAN_READ}))`;

// The words written out rather than read from the q row: PostgreSQL then knows how common they are
// and walks the board's index newest first, instead of gathering every match (200 ms, not 1 ms).
const MATCHES = `(p.search_vector @@ websearch_to_tsquery('english', :text)
  or (p.parent_id is null and to_tsvector('english', t.title) @@ websearch_to_tsquery('english', :text)))`;

/**
 * A common word: in each week's board the searcher may read, walk its posts newest first (the
 * board's index) and stop at the page's end, then merge the boards' walks. Weeks still closed to a
 * learner are not walked at all. On a board where they must post first, they read only pinned
 * threads (and their own), so those few threads are read instead of the board.
 */
const NEWEST_MATCHING_POSTS = `
  (select walked.id from course_modules m
    cross join lateral (
      select p.id from discussion_posts p
        join discussion_threads t on t.id = p.thread_id
       where p.board_session_id = :sessionId and p.board_module_id = m.id and ${PAGE_FILTERS} and ${MATCHES}
       order by p.id desc
       limit cast(:limit as int) + cast(:offset as int)) walked
   where m.course_id = (select s.course_id from course_sessions s where s.id = :sessionId)
     and (:staff or (m.week = any(cast(:openWeeks as int[])) and not (m.id = any(cast(:restrictedModules as int[]))))))
  union all
  (select p.id from discussion_threads t
     join discussion_posts p on p.thread_id = t.id
     join course_modules m on m.id = t.course_module_id
    where not :staff and t.course_module_id = any(cast(:restrictedModules as int[])) and (t.pinned or t.author_id = :viewerId)
      and ${PAGE_FILTERS} and ${MATCHES})
  order by id desc
  limit :limit offset :offset`;

/**
 * A rare word: gather its few matches through the indexes first, then sort them. The words are
 * written out here too: a word common in other sessions but rare in this one is then read from
 * this session's few posts, not from the GIN index's list of every session's matches (on the
 * benchmark's data, a whole search in 3 ms, not 42). The matches carry what the filters read, so
 * the posts table is not joined again before the page is cut: joined by id and sorted newest
 * first, PostgreSQL walked the whole table newest first to meet them (385 ms for a word in one
 * old post).
 */
const GATHERED_MATCHING_POSTS = `
  with matches as materialized (
    select p.id, p.thread_id, p.status, p.author_id from discussion_posts p
     where p.board_session_id = :sessionId and p.search_vector @@ websearch_to_tsquery('english', :text)
    union
    select op.id, op.thread_id, op.status, op.author_id from discussion_threads t join discussion_posts op on op.thread_id = t.id and op.parent_id is null
     where t.course_session_id = :sessionId and to_tsvector('english', t.title) @@ websearch_to_tsquery('english', :text)
  )
  select p.id from matches p
    join discussion_threads t on t.id = p.thread_id
    join course_modules m on m.id = t.course_module_id
   where ${PAGE_FILTERS}
   order by p.id desc
   limit :limit offset :offset`;

/**
 * Posts of a session's discussions that match the words (English stemming, as a web search reads
 * them: "quoted phrases", or, -not), newest first, as a forum's search lists them: by the post's
 * text, and the opening post also by its thread's title. A common word is found by walking each
 * readable board's newest posts until the page is full; a rare one by gathering its matches through the GIN
 * indexes. Either way alone would be slow for the other kind (hundreds of milliseconds on the
 * benchmark's 100,000 posts), and PostgreSQL cannot tell them apart for a word it has no
 * statistics on, so a quick count decides. Only the page's posts are read whole.
 */
export async function searchPosts(db: Db, q: SearchQuery): Promise<SearchHitRow[]> {
  const common = await hasManyMatches(db, q.sessionId, q.text, COMMON_MATCHES);
  const { rows } = await db.raw(
    `with q as (select websearch_to_tsquery('english', :text) as q),
     page as (${common ? NEWEST_MATCHING_POSTS : GATHERED_MATCHING_POSTS})
     select p.id as post_id, p.thread_id, t.title as thread_title, m.week, u.name as author_name, p.created_at,
            p.parent_id is null as is_opening, p.status, p.content_note,
            ts_headline('english', regexp_replace(p.body_html, '<[^>]*>', ' ', 'g'), q.q, 'StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=40, MinWords=20') as headline,
            ts_headline('english', t.title, q.q, 'StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true') as title_headline
       from page
       join discussion_posts p on p.id = page.id
       join discussion_threads t on t.id = p.thread_id
       join course_modules m on m.id = t.course_module_id
       left join users u on u.id = p.author_id
      cross join q
      order by p.id desc`,
    {
      text: q.text,
      sessionId: q.sessionId,
      viewerId: q.viewerId,
      staff: q.staff,
      openWeeks: intArray(q.learner.openWeeks),
      restrictedModules: intArray(q.learner.restrictedModules),
      heldThreads: intArray(q.learner.heldThreads),
      limit: q.limit,
      offset: q.offset,
    },
  );
  return rows;
}
