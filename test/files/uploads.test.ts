import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import archiver from 'archiver';
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

/** A document as word processors save it: a zip whose first entries name its kind. */
async function documentBytes(kind: 'docx' | 'odt'): Promise<Buffer> {
  const zip = archiver('zip');
  const chunks: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => chunks.push(chunk));
  if (kind === 'docx') {
    zip.append('<Types/>', { name: '[Content_Types].xml' });
    zip.append('<w:document/>', { name: 'word/document.xml' });
  } else {
    zip.append('application/vnd.oasis.opendocument.text', { name: 'mimetype', store: true });
    zip.append('<office:document-content/>', { name: 'content.xml' });
  }
  await zip.finalize();
  return Buffer.concat(chunks);
}

const jpegBytes = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), Buffer.alloc(9), Buffer.from([0xff, 0xd9])]);
const cutShort = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length * 0.6));

describe('files cut short', () => {
  it('accepts whole files of every allowed type, bytes after the end included', async () => {
    const whole = [
      received(pdfBytes(), 'a.pdf'),
      received(Buffer.concat([pdfBytes(), Buffer.from('\n\n')]), 'b.pdf'),
      received(pngBytes(), 'c.png'),
      received(jpegBytes(), 'd.jpg'),
      received(Buffer.concat([jpegBytes(), Buffer.alloc(4096, 7)]), 'motion-photo.jpg'),
      received(await documentBytes('docx'), 'e.docx'),
      received(await documentBytes('odt'), 'f.odt'),
    ];
    const result = await checkUploads(whole);
    expect(result.error).toBeUndefined();
    expect(result.files?.map((f) => f.contentType)).toEqual(['application/pdf', 'application/pdf', 'image/png', 'image/jpeg', 'image/jpeg', expect.stringContaining('wordprocessingml'), 'application/vnd.oasis.opendocument.text']);
  });

  it.each([
    ['a PDF', () => pdfBytes('x'.repeat(2000))],
    ['a PNG', pngBytes],
    ['a JPEG', jpegBytes],
    ['a DOCX', () => documentBytes('docx')],
    ['an ODT', () => documentBytes('odt')],
  ])('refuses %s whose end is missing, saying so', async (_kind, make) => {
    const bytes = cutShort(await make());
    const result = await checkUploads([received(bytes, 'notes.bin')]);
    expect(result.files).toBeUndefined();
    expect(result.error).toBe('“notes.bin” seems to be incomplete: its end is missing, as when a file is cut short while it is copied or saved. Please open it, save it again, and attach the new copy.');
  });

  it('refuses text that merely begins as a PDF', async () => {
    const result = await checkUploads([received(Buffer.from('%PDF-1.7 is what this note is about.\n'), 'note.txt')]);
    expect(result.error).toContain('seems to be incomplete');
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
