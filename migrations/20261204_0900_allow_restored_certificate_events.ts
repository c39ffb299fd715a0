import type { Knex } from 'knex';

// An admin may undo a mistaken revocation; the restore is kept in the certificate's history.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table certificate_events drop constraint certificate_events_kind_check');
  await knex.raw(`alter table certificate_events add constraint certificate_events_kind_check check (kind in ('issued', 'marked_complete', 'revoked', 'reissued', 'restored'))`);
}

// Restores already recorded would break the narrower rule, so they are removed first.
export async function down(knex: Knex): Promise<void> {
  await knex('certificate_events').where({ kind: 'restored' }).delete();
  await knex.raw('alter table certificate_events drop constraint certificate_events_kind_check');
  await knex.raw(`alter table certificate_events add constraint certificate_events_kind_check check (kind in ('issued', 'marked_complete', 'revoked', 'reissued'))`);
}
