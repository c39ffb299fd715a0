import type { Knex } from 'knex';

// Stored HTML (Markdown rendered on write, in every *_html column) now writes characters beyond
// Latin-1 as numeric references, so pages built from it stay one-byte strings (see
// src/lib/one-byte-html.ts). This rewrites what was stored before; browsers show it the same.
// One update per distinct character, of the rows that hold it, rather than one per row.
const BEYOND_LATIN1 = String.raw`[^\x01-\xff]`;

export async function up(knex: Knex): Promise<void> {
  const { rows: columns } = await knex.raw(`
    select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and column_name like '%\\_html' and data_type = 'text'
     order by table_name, column_name`);
  for (const { table_name: table, column_name: column } of columns as { table_name: string; column_name: string }[]) {
    const { rows: chars } = await knex.raw(
      `select distinct (regexp_matches(??, '${BEYOND_LATIN1}', 'g'))[1] as c from ?? where ?? ~ '${BEYOND_LATIN1}'`,
      [column, table, column],
    );
    for (const { c } of chars as { c: string }[]) {
      await knex(table)
        .whereRaw('strpos(??, ?) > 0', [column, c])
        .update({ [column]: knex.raw('replace(??, ?, ?)', [column, c, `&#${c.codePointAt(0)};`]) });
    }
  }
}

// The references mean the same HTML, so there is nothing to undo.
export async function down(): Promise<void> {}
