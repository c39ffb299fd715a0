// What a learner may not open in a session's discussion, beyond weeks not yet open (src/modules
// decides those) and others' posts held or hidden, as the board and thread pages decide it
// (board.service.ts): others' threads whose opening post waits for approval, and on a board set
// to "post before you see others", others' unpinned threads until the learner has posted there.
// The search (search.repository.ts) and the unread counts (discussions.repository.ts,
// src/modules) read these same lists. Each is SQL to embed: `sessions` matches a session id
// (`= ?`, `= any(...)`), `viewer` is the learner's id; both are bindings, so a named statement
// keeps one text.

/** Boards, as (session, module), where the learner must post first and has not yet written anything (not removed). */
export const postFirstBoards = (sessions: string, viewer: string): string => `
  select bs.course_session_id, bs.course_module_id from discussion_board_settings bs
   where bs.course_session_id ${sessions} and bs.post_before_viewing
     and not exists (
       select 1 from discussion_posts bp
        where bp.author_id = ${viewer} and bp.board_session_id = bs.course_session_id and bp.board_module_id = bs.course_module_id
          and bp.status <> 'deleted')`;

/** Threads whose opening post waits for approval, anyone's (a partial index holds them: migration 20261207_0600). */
export const heldThreads = (sessions: string): string => `
  select op.thread_id from discussion_posts op
   where op.board_session_id ${sessions} and op.parent_id is null and op.status = 'pending'`;

/**
 * Whether the learner may open thread `t`, its week being open to them: their own always; another's
 * not while its opening post is held, and on a board where they must post first only if pinned.
 * Neither list depends on the thread, so PostgreSQL reads each once per query (a hashed subplan).
 */
export const learnerMayOpenThread = (sessions: string, viewer: string): string => `
  (t.author_id = ${viewer} or (
     t.id not in (${heldThreads(sessions)})
     and (t.pinned or (t.course_session_id, t.course_module_id) not in (${postFirstBoards(sessions, viewer)}))))`;
