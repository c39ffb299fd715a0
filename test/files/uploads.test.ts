import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkUploads, cleanFileName, createLocalStorage, detectAllowedType, MAX_FILE_BYTES } from '../../src/files';
import { exeBytes, pdfBytes, pngBytes } from '../helpers/reflections-factories';

function received(bytes: Buffer, originalname: string): Express.Multer.File {
  return { fieldname: 'files', originalname, encoding: '7bit', mimetype: 'application/pdf', size: bytes.length, buffer: bytes } as Express.Multer.File;
}

describe('file types from bytes', () => {
  it('recognises PDF, PNG and UTF-8 text, and refuses binaries and empty files', async () => {
    expect(await detectAllowedType(pdfBytes())).toBe('application/pdf');
    expect(await detectAllowedType(pngBytes())).toBe('image/png');
    expect(await detectAllowedType(Buffer.from('Plain words, café.\n'))).toBe('text/plain');
    expect(await detectAllowedType(exeBytes())).toBeUndefined();
    expect(await detectAllowedType(Buffer.from([0xff, 0xfe, 0x00, 0x41]))).toBeUndefined();
    expect(await detectAllowedType(Buffer.alloc(0))).toBeUndefined();
  });

  it('cleans names: no folders or quotes, and the extension follows the real type', () => {
    expect(cleanFileName('My "notes".txt', 'application/pdf')).toBe('My notes.pdf');
    expect(cleanFileName('../../secret.exe', 'image/png')).toBe('secret.png');
  });
});

describe('checking uploads', () => {
  it('accepts allowed files with cleaned names and detected types', async () => {
    const result = await checkUploads([received(pdfBytes(), 'week 1.pdf'), received(pngBytes(), 'photo.jpg')]);
    expect(result.error).toBeUndefined();
    expect(result.files?.map((f) => [f.name, f.contentType])).toEqual([
      ['week 1.pdf', 'application/pdf'],
      ['photo.png', 'image/png'],
    ]);
  });

  it.each([
    ['a disguised executable', received(exeBytes(), 'essay.pdf'), 'is not a PDF'],
    ['an empty file', received(Buffer.alloc(0), 'empty.pdf'), 'is empty'],
    ['a path in the name', received(pdfBytes(), '../up.pdf'), 'folder path'],
    ['a backslash path', received(pdfBytes(), 'C:\\Users\\x.pdf'), 'folder path'],
    ['a control character in the name', received(pdfBytes(), 'a\u0000b.pdf'), 'folder path'],
    ['an oversized buffer', received(Buffer.concat([pdfBytes(), Buffer.alloc(MAX_FILE_BYTES)]), 'big.pdf'), 'larger than 10 MB'],
  ])('refuses %s', async (_label, file, message) => {
    const result = await checkUploads([file]);
    expect(result.files).toBeUndefined();
    expect(result.error).toContain(message);
  });
});

describe('local storage', () => {
  it('stores bytes under a generated key, reads them back, removes them and refuses foreign keys', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-storage-'));
    try {
      const storage = createLocalStorage(root);
      const key = await storage.put(Buffer.from('hello'));
      expect(key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
      expect((await storage.get(key)).toString()).toBe('hello');
      await storage.remove(key);
      await expect(storage.get(key)).rejects.toThrow();
      await expect(storage.get('../../etc/passwd')).rejects.toThrow('invalid storage key');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
