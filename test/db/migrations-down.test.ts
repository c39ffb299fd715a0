import type { Knex } from 'knex';
import { migrations } from '../../migrations';
import type { Database } from '../../src/db';
import { ListedMigrations, migrateLatest, rollbackAll } from '../../src/db/migrate';
import { createEmptyDatabase } from '../helpers/db';
import { listSchema, schemaDifferences, withoutKnexBookkeeping, type SchemaListing } from '../helpers/schema-listing';

const beforeUp = new Map<string, SchemaListing>();
const afterDown = new Map<string, SchemaListing>();

// The same migrations, listing the schema before each up and after each down, inside the
// migration's own transaction. They still run as one knex batch, as migrateLatest runs them:
// stepping up one migration at a time, knex's own bookkeeping took longer than the migrations.
const recording = new ListedMigrations(
  Object.fromEntries(
    Object.entries(migrations).map(([name, migration]): [string, Knex.Migration] => [
      name,
      {
        ...migration,
        async up(knex) {
          beforeUp.set(name, await listSchema(knex));
          await migration.up(knex);
        },
        async down(knex) {
          await migration.down!(knex);
          afterDown.set(name, await listSchema(knex));
        },
      },
    ]),
  ),
);

let database: Database;
let beforeAnyMigration: SchemaListing;
let afterFirstUp: SchemaListing;
beforeAll(async () => {
  database = await createEmptyDatabase();
  beforeAnyMigration = await listSchema(database.knex);
  await database.knex.migrate.latest({ migrationSource: recording });
  afterFirstUp = await listSchema(database.knex);
}, 60_000);
afterAll(() => database?.close());

// The tests share the database, in this order; each starts from where the one before leaves it.

// A down that forgets an index or a trigger on a table an older migration drops goes unnoticed
// when rolling back everything; compared migration by migration it does not. What one down leaves
// behind stays through every older one, so this reports the newest such down only.
it("each migration's down puts the schema back exactly as it was before that migration's up", async () => {
  // A down that fails is most often the consequence of a newer one leaving something behind.
  const rollbackError = await database.knex.migrate.rollback({ migrationSource: recording }, true).then(
    () => undefined,
    (error: unknown) => error,
  );
  let firstNotUndone: { migration: string; differences: ReturnType<typeof schemaDifferences> } | undefined;
  for (const [migration, after] of afterDown) {
    const differences = schemaDifferences(withoutKnexBookkeeping(after), withoutKnexBookkeeping(beforeUp.get(migration)!));
    if (Object.keys(differences).length) {
      firstNotUndone = { migration, differences };
      break;
    }
  }
  expect(firstNotUndone).toBeUndefined();
  expect(rollbackError).toBeUndefined();
  expect([...afterDown.keys()]).toEqual(Object.keys(migrations).reverse());
});

it('rolling back every migration leaves nothing behind but knex_migrations and knex_migrations_lock', async () => {
  await migrateLatest(database.knex);
  await rollbackAll(database.knex);
  expect(withoutKnexBookkeeping(await listSchema(database.knex))).toEqual(beforeAnyMigration);
});

it('migrating again after rolling back everything builds the same schema as the first time', async () => {
  await rollbackAll(database.knex);
  await migrateLatest(database.knex);
  expect(afterFirstUp.relations).toContainEqual({ name: 'users', kind: 'r', definition: null });
  expect(await listSchema(database.knex)).toEqual(afterFirstUp);
});
