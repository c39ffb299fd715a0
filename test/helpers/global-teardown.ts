import fs from 'node:fs';
import { createPostgresDb } from '../../src/db';
import { adminUrl } from './pg-urls';

export default async function globalTeardown(): Promise<void> {
  const testUrl = process.env.TEST_DATABASE_URL;
  const template = process.env.KINDRED_TEST_TEMPLATE;
  if (testUrl && template) {
    const admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
    await admin.knex.raw(`drop database if exists ${template}`);
    await admin.close();
  }
  const dump = process.env.KINDRED_TEST_PGLITE_DUMP;
  if (dump) fs.rmSync(dump, { force: true });
}
