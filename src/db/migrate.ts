import type { Knex } from 'knex';
import { migrations } from '../../migrations';

/** Migrations are listed in code, so the same set runs from TypeScript, compiled JS and tests. */
class ListedMigrations implements Knex.MigrationSource<string> {
  async getMigrations() {
    return Object.keys(migrations);
  }
  getMigrationName(name: string) {
    return name;
  }
  async getMigration(name: string) {
    return migrations[name];
  }
}

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: new ListedMigrations() });
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: new ListedMigrations() }, true);
}
