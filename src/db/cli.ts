import { ConfigError, loadConfig } from '../config';
import { seedDatabase } from '../../seeds';
import { createDb } from '.';
import { EmbeddedDatabaseInUseError, lockEmbeddedDatabase } from './embedded-lock';
import { migrateLatest } from './migrate';

/** `npm run migrate` and `npm run seed`, against DATABASE_URL or the embedded database. */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const lock = config.databaseUrl ? undefined : lockEmbeddedDatabase(config.dataDir);
  process.on('exit', () => lock?.release());
  const database = createDb(config);
  try {
    if (command === 'migrate') {
      await migrateLatest(database.knex);
      console.log('Database is at the latest migration.');
    } else if (command === 'seed') {
      await migrateLatest(database.knex);
      const seeded = await seedDatabase(database.knex, { demo: config.seedDemo });
      console.log(seeded ? 'Seeded the reference course.' : 'Already seeded; nothing changed.');
    } else {
      throw new Error('usage: cli.ts migrate|seed');
    }
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err instanceof ConfigError ? `Configuration error:\n${err.message}` : err instanceof EmbeddedDatabaseInUseError ? `Cannot go on: ${err.message}` : String(err?.message ?? err));
  process.exit(1);
});
