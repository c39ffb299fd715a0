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
    return createOwnPostgresDatabase(testUrl, 'kindred_t', `template ${template}`, 20);
  }
  const dump = process.env.KINDRED_TEST_PGLITE_DUMP;
  if (!dump) throw new Error('global setup did not create a PGlite dump');
  const pglite = new PGlite({ loadDataDir: new Blob([fs.readFileSync(dump)]) });
  return createEmbeddedDb(pglite);
}

/** A database with nothing in it, not even the migrations: for tests of the migrations themselves. */
export async function createEmptyDatabase(): Promise<Database> {
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl) return createOwnPostgresDatabase(testUrl, 'kindred_e', '', 1);
  return createEmbeddedDb(new PGlite());
}

/** A new database on the test server, dropped again when it is closed. */
async function createOwnPostgresDatabase(testUrl: string, prefix: string, createOptions: string, poolMax: number): Promise<Database> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
  await admin.knex.raw(`create database ${name} ${createOptions}`);
  const db = createPostgresDb(databaseUrl(testUrl, name), { min: 0, max: poolMax });
  return {
    ...db,
    async close() {
      await db.close();
      await admin.knex.raw(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}
