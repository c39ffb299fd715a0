import { fromBuffer } from 'file-type';

/** What learners and authors may upload; the type is decided from the bytes, never the name. */
export const ALLOWED_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
} as const;

export type AllowedMime = keyof typeof ALLOWED_TYPES;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ALLOWED_LABEL = 'PDF, DOCX, ODT, TXT, PNG or JPEG';

function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The file's real type if it is one we accept, else undefined. Empty files are refused. */
export async function detectAllowedType(bytes: Buffer): Promise<AllowedMime | undefined> {
  if (bytes.length === 0) return undefined;
  const found = await fromBuffer(bytes);
  if (found) {
    return (found.mime in ALLOWED_TYPES ? found.mime : undefined) as AllowedMime | undefined;
  }
  return isPlainText(bytes) ? 'text/plain' : undefined;
}

const ZIP_END_OF_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

/**
 * Whether a file of a detected type also ends as that type does, so a file cut off while saving
 * or copying is refused when it is attached, not found unreadable by its reader weeks later.
 * Readers tolerate bytes after the end (PDF within its last kilobyte, photos with a video after
 * the image), so the end is looked for, not required to be last.
 */
export function endsAsItShould(bytes: Buffer, mime: AllowedMime): boolean {
  switch (mime) {
    case 'application/pdf':
      return bytes.subarray(-1024).includes('%%EOF');
    case 'image/png':
      return bytes.lastIndexOf('IEND') > 8;
    case 'image/jpeg':
      return bytes.indexOf(JPEG_END, 2) > 0;
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.oasis.opendocument.text':
      // The zip's directory is at its end, after at most a 64 KB comment.
      return bytes.subarray(-(65_535 + 22)).includes(ZIP_END_OF_DIRECTORY);
    case 'text/plain':
      return true;
  }
}

/** A display name safe to show and to send in Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string, mime: AllowedMime): string {
  const base = baseName(name).replace(/[\p{Cc}"\\/]/gu, '').trim().slice(0, 120);
  const ext = ALLOWED_TYPES[mime];
  const stem = base.replace(/\.[^.]*$/, '') || 'file';
  return `${stem}.${ext}`;
}

function baseName(name: string): string {
  const parts = String(name ?? '').split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}
