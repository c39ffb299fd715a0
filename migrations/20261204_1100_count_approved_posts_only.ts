import type { Knex } from 'knex';

// A post waiting for an instructor's approval no longer counts towards completion: a certificate
// could otherwise be issued on the strength of a first post the instructor then removes. It
// counts from the moment it is approved (the status update recounts). Hidden posts still count:
// hiding protects the other readers, the learner did take part. Deleted posts never counted.
// The two functions are those of 20261204_0700 with `status <> 'deleted'` narrowed to
// `status in ('visible', 'hidden')`; `countedBy` writes either version. A learner's "What's left"
// says what is waiting for approval, found through a partial index of pending posts by author.

const countedBy = (condition: (alias: string) => string) => [
  `create or replace function completion_recount_discussions(ids integer[]) returns void language plpgsql set jit = off as $$
  begin
    ids := completion_ids(ids);
    if cardinality(ids) = 0 then return; end if;
    perform completion_lock(ids);
    with fresh as (
      select e.id as enrolment_id, t.course_module_id,
        (count(*) filter (where p.parent_id is null))::int as threads,
        (count(*) filter (where p.parent_id is not null and pp.author_id is distinct from p.author_id))::int as replies
      from enrolments e
      join discussion_posts p on p.author_id = e.user_id
      join discussion_threads t on t.id = p.thread_id and t.course_session_id = e.course_session_id
      left join discussion_posts pp on pp.id = p.parent_id
      where e.id = any(ids) and ${condition('p')}
      group by e.id, t.course_module_id
    ), cleared as (
      update enrolment_module_progress p set threads_started = 0, replies_to_others = 0
      where p.enrolment_id = any(ids) and (p.threads_started <> 0 or p.replies_to_others <> 0)
        and not exists (select 1 from fresh f where f.enrolment_id = p.enrolment_id and f.course_module_id = p.course_module_id)
    )
    insert into enrolment_module_progress as p (enrolment_id, course_module_id, threads_started, replies_to_others)
    select enrolment_id, course_module_id, threads, replies from fresh
    on conflict (enrolment_id, course_module_id) do update set threads_started = excluded.threads_started, replies_to_others = excluded.replies_to_others
    where p.threads_started <> excluded.threads_started or p.replies_to_others <> excluded.replies_to_others;
  end $$`,

  `create or replace function completion_on_discussion_posts() returns trigger language plpgsql set jit = off as $$
  begin
    if tg_op = 'INSERT' then
      perform completion_lock(completion_ids(array(
        select e.id from new_rows n
        join discussion_threads t on t.id = n.thread_id
        join enrolments e on e.user_id = n.author_id and e.course_session_id = t.course_session_id
        where ${condition('n')}
      )));
      insert into enrolment_module_progress as p (enrolment_id, course_module_id, threads_started, replies_to_others)
      select e.id, t.course_module_id,
        (count(*) filter (where n.parent_id is null))::int,
        (count(*) filter (where n.parent_id is not null and pp.author_id is distinct from n.author_id))::int
      from new_rows n
      join discussion_threads t on t.id = n.thread_id
      join enrolments e on e.user_id = n.author_id and e.course_session_id = t.course_session_id
      left join discussion_posts pp on pp.id = n.parent_id
      where ${condition('n')}
      group by e.id, t.course_module_id
      on conflict (enrolment_id, course_module_id) do update
        set threads_started = p.threads_started + excluded.threads_started,
            replies_to_others = p.replies_to_others + excluded.replies_to_others
        where excluded.threads_started <> 0 or excluded.replies_to_others <> 0;
    elsif tg_op = 'DELETE' then
      perform completion_recount_discussions(array(
        select e.id from old_rows o
        join enrolments e on e.user_id = o.author_id
        left join discussion_threads t on t.id = o.thread_id
        where t.id is null or t.course_session_id = e.course_session_id
      ));
    else
      perform completion_recount_discussions(array(
        select e.id from discussion_threads t join enrolments e on e.course_session_id = t.course_session_id
        where (t.id = old.thread_id and e.user_id = old.author_id) or (t.id = new.thread_id and e.user_id = new.author_id)
        union
        select e.id from discussion_posts r
        join discussion_threads t on t.id = r.thread_id
        join enrolments e on e.user_id = r.author_id and e.course_session_id = t.course_session_id
        where r.parent_id = new.id and old.author_id is distinct from new.author_id
      ));
    end if;
    return null;
  end $$`,
];

/** Recounts the enrolments whose authors have a post waiting for approval (the only counts that change). */
async function recountAuthorsOfPendingPosts(knex: Knex): Promise<void> {
  await knex.raw(`
    select completion_recount_discussions(array(
      select distinct e.id from discussion_posts p
      join discussion_threads t on t.id = p.thread_id
      join enrolments e on e.user_id = p.author_id and e.course_session_id = t.course_session_id
      where p.status = 'pending'
    ))`);
}

export async function up(knex: Knex): Promise<void> {
  for (const sql of countedBy((p) => `${p}.status in ('visible', 'hidden')`)) await knex.raw(sql);
  await recountAuthorsOfPendingPosts(knex);
  await knex.raw(`create index discussion_posts_pending_by_author on discussion_posts (author_id) where status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists discussion_posts_pending_by_author');
  for (const sql of countedBy((p) => `${p}.status <> 'deleted'`)) await knex.raw(sql);
  await recountAuthorsOfPendingPosts(knex);
}
