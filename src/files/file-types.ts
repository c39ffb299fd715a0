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
