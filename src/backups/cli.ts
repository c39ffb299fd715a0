import { ConfigError, loadConfig } from '../config';
import { EmbeddedDatabaseInUseError, lockEmbeddedDatabase } from '../db/embedded-lock';
import { RestoreError, restoreBackup } from './restore';

/** `npm run restore-backup -- FILE [--replace]`: the database (embedded, or DATABASE_URL's) and uploads from a backup. */
async function main(args: string[]): Promise<void> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new RestoreError('Which backup? Usage: npm run restore-backup -- data/backups/kindred-backup-YYYYMMDD-HHMMSS.tar.gz [--replace]');
  const config = loadConfig();
  // The app must not be running on the embedded database while its folder is replaced.
  const lock = config.databaseUrl ? undefined : lockEmbeddedDatabase(config.dataDir);
  process.on('exit', () => lock?.release());
  const result = await restoreBackup({ file, dataDir: config.dataDir, uploadDir: config.uploadDir, replace: args.includes('--replace'), databaseUrl: config.databaseUrl });
  const into = config.databaseUrl ? `the PostgreSQL database ${new URL(config.databaseUrl).pathname.slice(1)}` : config.dataDir;
  console.log(`Restored the backup made ${result.manifest.madeAt} into ${into}.`);
  for (const aside of result.keptAside) console.log(`What was there before is kept at ${aside}.`);
  console.log('Start the app as usual (npm start); it brings the database up to date with any newer migrations.');
}

main(process.argv.slice(2)).catch((err) => {
  const known = err instanceof RestoreError || err instanceof ConfigError || err instanceof EmbeddedDatabaseInUseError;
  console.error(known ? (err instanceof EmbeddedDatabaseInUseError ? `Cannot restore: ${err.message}` : err.message) : `The restore failed: ${String(err?.message ?? err)}`);
  process.exit(1);
});
