import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabaseInUseError, lockEmbeddedDatabase, lockFileOf } from '../../src/db/embedded-lock';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-lock-'));

describe('the embedded database lock', () => {
  it('is refused while another live process holds it, naming that process', () => {
    const dir = dataDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(lockFileOf(dir), `${other.pid}\n`);
      expect(() => lockEmbeddedDatabase(dir)).toThrow(EmbeddedDatabaseInUseError);
      expect(() => lockEmbeddedDatabase(dir)).toThrow(`in use by another Kindred process (process ${other.pid})`);
      expect(fs.readFileSync(lockFileOf(dir), 'utf8')).toBe(`${other.pid}\n`);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock whose process has ended, and lets go of it on release', () => {
    const dir = dataDir();
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(lockFileOf(dir), `${ended}\n`);
    const lock = lockEmbeddedDatabase(dir);
    expect(fs.readFileSync(lockFileOf(dir), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(fs.existsSync(lockFileOf(dir))).toBe(false);
  });

  it('makes the data folder on a first start, and does not remove a lock another process has taken since', () => {
    const dir = path.join(dataDir(), 'not-yet');
    const lock = lockEmbeddedDatabase(dir);
    expect(fs.existsSync(lockFileOf(dir))).toBe(true);
    fs.writeFileSync(lockFileOf(dir), '999999\n');
    lock.release();
    expect(fs.readFileSync(lockFileOf(dir), 'utf8')).toBe('999999\n');
  });
});
