import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createEmbeddedDb, createPostgresDb, type Database } from '../../src/db';
import { adminUrl, databaseUrl } from './pg-urls';

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A fresh, migrated database for one test file: a copy of the run's template. */
export async function createTestDatabase(): Promise<Database> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl) {
    const template = process.env.KINDRED_TEST_TEMPLATE;
    if (!template) throw new Error('global setup did not create a template database');
    const name = `kindred_t_${randomBytes(6).toString('hex')}`;
    const admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
    await admin.knex.raw(`create database ${name} template ${template}`);
    const db = createPostgresDb(databaseUrl(testUrl, name), { min: 0, max: 20 });
    return {
      ...db,
      async close() {
        await db.close();
        await admin.knex.raw(`drop database if exists ${name} with (force)`);
        await admin.close();
      },
    };
  }
  const dump = process.env.KINDRED_TEST_PGLITE_DUMP;
  if (!dump) throw new Error('global setup did not create a PGlite dump');
  const pglite = new PGlite({ loadDataDir: new Blob([fs.readFileSync(dump)]) });
  return createEmbeddedDb(pglite);
}
