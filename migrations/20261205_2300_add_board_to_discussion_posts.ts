import type { Knex } from 'knex';

// Each post carries its board (its thread's session and week), kept by the database on every
// insert and on a thread's move, whichever code writes. With an index on (board, id), a search for
// a common word walks each open week's posts newest first and stops at the page's end, instead of
// walking the whole table past the posts of weeks still closed, of restricted boards, or of other
// sessions (src/discussions/search.repository.ts).

const FILL_FROM_THREAD = `
  create function discussion_posts_fill_board() returns trigger language plpgsql as $$
  begin
    select t.course_session_id, t.course_module_id into new.board_session_id, new.board_module_id
      from discussion_threads t where t.id = new.thread_id;
    return new;
  end $$`;

const FOLLOW_THREAD = `
  create function discussion_threads_move_posts_board() returns trigger language plpgsql as $$
  begin
    update discussion_posts set board_session_id = new.course_session_id, board_module_id = new.course_module_id
     where thread_id = new.id;
    return null;
  end $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('discussion_posts', (t) => {
    t.integer('board_session_id');
    t.integer('board_module_id');
  });
  await knex.raw(`update discussion_posts p set board_session_id = t.course_session_id, board_module_id = t.course_module_id
                    from discussion_threads t where t.id = p.thread_id`);
  await knex.raw('alter table discussion_posts alter column board_session_id set not null, alter column board_module_id set not null');
  await knex.raw('create index discussion_posts_board_newest on discussion_posts (board_session_id, board_module_id, id)');
  await knex.raw(FILL_FROM_THREAD);
  await knex.raw(FOLLOW_THREAD);
  await knex.raw(`create trigger discussion_posts_fill_board before insert or update of thread_id on discussion_posts
                    for each row execute function discussion_posts_fill_board()`);
  await knex.raw(`create trigger discussion_threads_move_posts_board after update of course_session_id, course_module_id on discussion_threads
                    for each row when (old.course_session_id <> new.course_session_id or old.course_module_id <> new.course_module_id)
                    execute function discussion_threads_move_posts_board()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists discussion_threads_move_posts_board on discussion_threads');
  await knex.raw('drop trigger if exists discussion_posts_fill_board on discussion_posts');
  await knex.raw('drop function if exists discussion_threads_move_posts_board()');
  await knex.raw('drop function if exists discussion_posts_fill_board()');
  await knex.schema.alterTable('discussion_posts', (t) => {
    t.dropColumn('board_session_id');
    t.dropColumn('board_module_id');
  });
}
