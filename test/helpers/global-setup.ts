import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createEmbeddedDb, createPostgresDb } from '../../src/db';
import { migrateLatest } from '../../src/db/migrate';
import { adminUrl, databaseUrl } from './pg-urls';

/**
 * Migrates once per test run: on PostgreSQL into a template database that each test file
 * copies; on PGlite into a data-dir dump that each test file loads.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl) {
    const template = `kindred_tpl_${runId}`;
    const admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
    await admin.knex.raw(`create database ${template}`);
    await admin.close();
    const db = createPostgresDb(databaseUrl(testUrl, template), { min: 0, max: 1 });
    await migrateLatest(db.knex);
    await db.close();
    process.env.KINDRED_TEST_TEMPLATE = template;
  } else {
    const pglite = new PGlite();
    const db = createEmbeddedDb(pglite);
    await migrateLatest(db.knex);
    const dump = await pglite.dumpDataDir('none');
    const file = path.join(os.tmpdir(), `kindred-test-${runId}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    process.env.KINDRED_TEST_PGLITE_DUMP = file;
  }
}
