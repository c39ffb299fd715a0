import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded bytes live. Keys are generated here, never chosen by users, so no upload can
 * name a path. The local driver keeps files under one directory, which several app instances
 * can share (a mounted volume); another driver (object storage) can implement the same shape.
 */
export interface Storage {
  put(bytes: Buffer): Promise<string>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{32}$/;

export function createLocalStorage(root: string): Storage {
  const pathOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error('invalid storage key');
    return path.join(root, key);
  };
  return {
    async put(bytes) {
      const id = randomBytes(16).toString('hex');
      const key = `${id.slice(0, 2)}/${id}`;
      await fs.mkdir(path.join(root, id.slice(0, 2)), { recursive: true });
      await fs.writeFile(pathOf(key), bytes, { flag: 'wx' });
      return key;
    },
    get: async (key) => fs.readFile(pathOf(key)),
    async remove(key) {
      await fs.rm(pathOf(key), { force: true });
    },
  };
}
