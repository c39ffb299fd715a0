import type { Knex } from 'knex';

// What each learner has done towards completion, counted when it is written rather than on every
// read of the progress table, the "What's left" panel or the certificate check:
// enrolment_module_progress holds per enrolment per course module the readings marked done, the
// reflection's status, the threads started and the replies to someone else's post;
// enrolment_toolkit_progress the toolkit entries per section. Whether a count meets a rule is
// still decided in src/completion/completion.rules.ts; these tables only hold the counts.
//
// Triggers on every table the counts come from keep them exact, whichever code writes (the app,
// a seed, a person in psql): inserts and deletes once per statement, updates once per row and only
// when a column the counts depend on changed. Rather than adding and subtracting, a trigger
// recounts the kind of evidence that changed for the enrolments it touched, with the same SQL the
// counts were read with before (so deleting a reading, a parent post or a thread by cascade, or
// moving a thread to another week, cannot leave a count behind); only new posts are added to the
// counts, as a seed writes them a thousand at a time. Each trigger first takes a per-enrolment
// advisory lock, so two transactions writing for the same learner at once count one after the
// other, the second seeing what the first committed; a statement touching many enrolments (a
// seed, the backfill) takes one lock over all of them instead. The functions run without JIT:
// their queries are a few index lookups, but a generic plan's estimate can be high enough to
// compile them, which would add a tenth of a second to a learner's click.

const LOCK_SPACE = 7317204;

/**
 * The two functions that count discussion posts; `counted(alias)` says which posts count. Here all
 * but deleted ones; 20261204_1100 leaves out those waiting for approval. A change to the SQL below
 * changes this migration for every database created after it: keep the SQL as it is.
 */
export function discussionCountingFunctions(counted: (alias: string) => string): string[] {
  return [
    // Threads started and replies to someone else's post, per week of the enrolment's own session.
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
        where e.id = any(ids) and ${counted('p')}
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

    // A post counts for its author's enrolment in the thread's session. New posts are added to the
    // counts rather than recounted (a seed writes posts a thousand at a time, and a new post changes
    // no other post's count); the parent of a reply is there, if written by the same statement too.
    // A deleted post whose thread is gone (deleted with it) is recounted for every enrolment of its
    // author. When a post changes author, the replies to it may change from "to someone else" to
    // "to oneself", so their authors are recounted too.
    `create or replace function completion_on_discussion_posts() returns trigger language plpgsql set jit = off as $$
    begin
      if tg_op = 'INSERT' then
        perform completion_lock(completion_ids(array(
          select e.id from new_rows n
          join discussion_threads t on t.id = n.thread_id
          join enrolments e on e.user_id = n.author_id and e.course_session_id = t.course_session_id
          where ${counted('n')}
        )));
        insert into enrolment_module_progress as p (enrolment_id, course_module_id, threads_started, replies_to_others)
        select e.id, t.course_module_id,
          (count(*) filter (where n.parent_id is null))::int,
          (count(*) filter (where n.parent_id is not null and pp.author_id is distinct from n.author_id))::int
        from new_rows n
        join discussion_threads t on t.id = n.thread_id
        join enrolments e on e.user_id = n.author_id and e.course_session_id = t.course_session_id
        left join discussion_posts pp on pp.id = n.parent_id
        where ${counted('n')}
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
}

const statements = [
  `create table enrolment_module_progress (
    enrolment_id integer not null references enrolments (id) on delete cascade,
    course_module_id integer not null references course_modules (id) on delete cascade,
    readings_done integer not null default 0,
    reflection_status varchar(20),
    threads_started integer not null default 0,
    replies_to_others integer not null default 0,
    primary key (enrolment_id, course_module_id)
  )`,
  'create index enrolment_module_progress_course_module_id_index on enrolment_module_progress (course_module_id)',
  `create table enrolment_toolkit_progress (
    enrolment_id integer not null references enrolments (id) on delete cascade,
    toolkit_section_id integer not null references toolkit_sections (id) on delete cascade,
    entries integer not null default 0,
    primary key (enrolment_id, toolkit_section_id)
  )`,
  'create index enrolment_toolkit_progress_toolkit_section_id_index on enrolment_toolkit_progress (toolkit_section_id)',

  `create function completion_lock(ids integer[]) returns void language plpgsql set jit = off as $$
  declare
    id integer;
  begin
    if cardinality(ids) > 32 then
      perform pg_advisory_xact_lock(${LOCK_SPACE}, 0);
    else
      perform pg_advisory_xact_lock_shared(${LOCK_SPACE}, 0);
      foreach id in array ids loop
        perform pg_advisory_xact_lock(${LOCK_SPACE}, id);
      end loop;
    end if;
  end $$`,

  // Every recount takes the enrolment ids (distinct, sorted: the order locks are taken in).
  `create function completion_ids(ids integer[]) returns integer[] language sql immutable as $$
    select coalesce(array_agg(distinct x order by x), '{}') from unnest(ids) x where x is not null
  $$`,

  `create function completion_recount_readings(ids integer[]) returns void language plpgsql set jit = off as $$
  begin
    ids := completion_ids(ids);
    if cardinality(ids) = 0 then return; end if;
    perform completion_lock(ids);
    with fresh as (
      select rp.enrolment_id, r.course_module_id, count(*)::int as n
      from reading_progress rp join readings r on r.id = rp.reading_id
      where rp.enrolment_id = any(ids)
      group by rp.enrolment_id, r.course_module_id
    ), cleared as (
      update enrolment_module_progress p set readings_done = 0
      where p.enrolment_id = any(ids) and p.readings_done <> 0
        and not exists (select 1 from fresh f where f.enrolment_id = p.enrolment_id and f.course_module_id = p.course_module_id)
    )
    insert into enrolment_module_progress as p (enrolment_id, course_module_id, readings_done)
    select enrolment_id, course_module_id, n from fresh
    on conflict (enrolment_id, course_module_id) do update set readings_done = excluded.readings_done
    where p.readings_done <> excluded.readings_done;
  end $$`,

  `create function completion_recount_reflections(ids integer[]) returns void language plpgsql set jit = off as $$
  begin
    ids := completion_ids(ids);
    if cardinality(ids) = 0 then return; end if;
    perform completion_lock(ids);
    with fresh as (
      select rf.enrolment_id, x.course_module_id, rf.status
      from reflections rf join exercises x on x.id = rf.exercise_id
      where rf.enrolment_id = any(ids)
    ), cleared as (
      update enrolment_module_progress p set reflection_status = null
      where p.enrolment_id = any(ids) and p.reflection_status is not null
        and not exists (select 1 from fresh f where f.enrolment_id = p.enrolment_id and f.course_module_id = p.course_module_id)
    )
    insert into enrolment_module_progress as p (enrolment_id, course_module_id, reflection_status)
    select enrolment_id, course_module_id, status from fresh
    on conflict (enrolment_id, course_module_id) do update set reflection_status = excluded.reflection_status
    where p.reflection_status is distinct from excluded.reflection_status;
  end $$`,

  ...discussionCountingFunctions((p) => `${p}.status <> 'deleted'`),

  `create function completion_recount_toolkit(ids integer[]) returns void language plpgsql set jit = off as $$
  begin
    ids := completion_ids(ids);
    if cardinality(ids) = 0 then return; end if;
    perform completion_lock(ids);
    with fresh as (
      select te.enrolment_id, te.toolkit_section_id, count(*)::int as n
      from toolkit_entries te
      where te.enrolment_id = any(ids)
      group by te.enrolment_id, te.toolkit_section_id
    ), gone as (
      delete from enrolment_toolkit_progress p
      where p.enrolment_id = any(ids)
        and not exists (select 1 from fresh f where f.enrolment_id = p.enrolment_id and f.toolkit_section_id = p.toolkit_section_id)
    )
    insert into enrolment_toolkit_progress as p (enrolment_id, toolkit_section_id, entries)
    select enrolment_id, toolkit_section_id, n from fresh
    on conflict (enrolment_id, toolkit_section_id) do update set entries = excluded.entries
    where p.entries <> excluded.entries;
  end $$`,

  // reading_progress, reflections and toolkit_entries each name the enrolment: the statement's
  // rows say whose counts to redo (tg_argv[0] names the kind).
  `create function completion_on_enrolment_rows() returns trigger language plpgsql set jit = off as $$
  declare
    ids integer[];
  begin
    if tg_op = 'INSERT' then
      ids := array(select enrolment_id from new_rows);
    elsif tg_op = 'DELETE' then
      ids := array(select enrolment_id from old_rows);
    else
      ids := array[old.enrolment_id, new.enrolment_id];
    end if;
    case tg_argv[0]
      when 'readings' then perform completion_recount_readings(ids);
      when 'reflections' then perform completion_recount_reflections(ids);
      when 'toolkit' then perform completion_recount_toolkit(ids);
    end case;
    return null;
  end $$`,

  // A thread moved to another week or session takes its posts' counts along.
  `create function completion_on_discussion_threads() returns trigger language plpgsql set jit = off as $$
  begin
    perform completion_recount_discussions(array(
      select e.id from enrolments e
      where e.course_session_id in (old.course_session_id, new.course_session_id)
        and e.user_id in (select p.author_id from discussion_posts p where p.thread_id = new.id)
    ));
    return null;
  end $$`,

  // Posts written before an enrolment existed (or before it moved) count for it from then on.
  `create function completion_on_enrolments() returns trigger language plpgsql set jit = off as $$
  begin
    if tg_op = 'INSERT' then
      perform completion_recount_discussions(array(select id from new_rows));
    else
      perform completion_recount_discussions(array[new.id]);
    end if;
    return null;
  end $$`,

  `create function completion_on_readings() returns trigger language plpgsql set jit = off as $$
  begin
    perform completion_recount_readings(array(select rp.enrolment_id from reading_progress rp where rp.reading_id = new.id));
    return null;
  end $$`,

  `create function completion_on_exercises() returns trigger language plpgsql set jit = off as $$
  begin
    perform completion_recount_reflections(array(select rf.enrolment_id from reflections rf where rf.exercise_id = new.id));
    return null;
  end $$`,
];

/**
 * Inserts and deletes are counted per statement (PostgreSQL allows transition tables only on
 * single-event triggers); updates per row, and only when a column the counts depend on changed,
 * so edits, autosaves and reordering cost nothing.
 */
function countingTriggers(table: string, fn: string, columns: string[], kind?: string): string[] {
  const args = kind ? `'${kind}'` : '';
  const changed = columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  return [
    `create trigger ${table}_completion_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${fn}(${args})`,
    `create trigger ${table}_completion_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${fn}(${args})`,
    `create trigger ${table}_completion_update after update of ${columns.join(', ')} on ${table} for each row when (${changed}) execute function ${fn}(${args})`,
  ];
}

const triggers = [
  ...countingTriggers('reading_progress', 'completion_on_enrolment_rows', ['enrolment_id', 'reading_id'], 'readings'),
  ...countingTriggers('reflections', 'completion_on_enrolment_rows', ['enrolment_id', 'exercise_id', 'status'], 'reflections'),
  ...countingTriggers('toolkit_entries', 'completion_on_enrolment_rows', ['enrolment_id', 'toolkit_section_id'], 'toolkit'),
  ...countingTriggers('discussion_posts', 'completion_on_discussion_posts', ['thread_id', 'parent_id', 'author_id', 'status']),
  `create trigger discussion_threads_completion_move after update of course_session_id, course_module_id on discussion_threads
    for each row when (old.course_session_id <> new.course_session_id or old.course_module_id <> new.course_module_id)
    execute function completion_on_discussion_threads()`,
  `create trigger enrolments_completion_insert after insert on enrolments referencing new table as new_rows for each statement execute function completion_on_enrolments()`,
  `create trigger enrolments_completion_move after update of user_id, course_session_id on enrolments
    for each row when (old.user_id <> new.user_id or old.course_session_id <> new.course_session_id)
    execute function completion_on_enrolments()`,
  `create trigger readings_completion_move after update of course_module_id on readings
    for each row when (old.course_module_id <> new.course_module_id) execute function completion_on_readings()`,
  `create trigger exercises_completion_move after update of course_module_id on exercises
    for each row when (old.course_module_id <> new.course_module_id) execute function completion_on_exercises()`,
];

const BACKFILL_BATCH = 1000;

/** Recounts every enrolment's counts from the evidence, a thousand enrolments at a time. */
export async function backfillCompletionCounts(knex: Knex): Promise<void> {
  const { rows } = (await knex.raw('select id from enrolments order by id')) as { rows: { id: number }[] };
  for (let i = 0; i < rows.length; i += BACKFILL_BATCH) {
    const ids = `{${rows.slice(i, i + BACKFILL_BATCH).map((r) => r.id).join(',')}}`;
    for (const kind of ['readings', 'reflections', 'discussions', 'toolkit']) {
      await knex.raw(`select completion_recount_${kind}(?::integer[])`, [ids]);
    }
  }
}

export async function up(knex: Knex): Promise<void> {
  for (const sql of [...statements, ...triggers]) await knex.raw(sql);
  await backfillCompletionCounts(knex);
}

export async function down(knex: Knex): Promise<void> {
  const dropTriggers = [
    ...['reading_progress', 'reflections', 'toolkit_entries', 'discussion_posts'].flatMap((t) =>
      ['insert', 'update', 'delete'].map((e) => `drop trigger if exists ${t}_completion_${e} on ${t}`),
    ),
    'drop trigger if exists discussion_threads_completion_move on discussion_threads',
    'drop trigger if exists enrolments_completion_insert on enrolments',
    'drop trigger if exists enrolments_completion_move on enrolments',
    'drop trigger if exists readings_completion_move on readings',
    'drop trigger if exists exercises_completion_move on exercises',
  ];
  for (const sql of dropTriggers) await knex.raw(sql);
  for (const fn of [
    'completion_on_exercises()',
    'completion_on_readings()',
    'completion_on_enrolments()',
    'completion_on_discussion_threads()',
    'completion_on_discussion_posts()',
    'completion_on_enrolment_rows()',
    'completion_recount_toolkit(integer[])',
    'completion_recount_discussions(integer[])',
    'completion_recount_reflections(integer[])',
    'completion_recount_readings(integer[])',
    'completion_ids(integer[])',
    'completion_lock(integer[])',
  ]) {
    await knex.raw(`drop function if exists ${fn}`);
  }
  await knex.schema.dropTableIfExists('enrolment_toolkit_progress');
  await knex.schema.dropTableIfExists('enrolment_module_progress');
}
