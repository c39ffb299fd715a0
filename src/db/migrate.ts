import type { Knex } from 'knex';
import { migrations } from '../../migrations';

/** Migrations are listed in code, so the same set runs from TypeScript, compiled JS and tests. */
export class ListedMigrations implements Knex.MigrationSource<string> {
  constructor(private readonly listed: Record<string, Knex.Migration> = migrations) {}
  async getMigrations() {
    return Object.keys(this.listed);
  }
  getMigrationName(name: string) {
    return name;
  }
  async getMigration(name: string) {
    return this.listed[name];
  }
}

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: new ListedMigrations() });
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: new ListedMigrations() }, true);
}
