import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { ALLOWED_LABEL, MAX_FILE_BYTES, cleanFileName, detectAllowedType, type AllowedMime } from './file-types';

/** A file that passed every check, ready to hand to a service as plain data. */
export interface CheckedUpload {
  bytes: Buffer;
  name: string;
  contentType: AllowedMime;
  size: number;
  /** The name it came with, when its ending had to change to match what it contains. */
  renamedFrom?: string;
}

export const MAX_FILES_PER_UPLOAD = 3;
const MEGABYTES = Math.round(MAX_FILE_BYTES / (1024 * 1024));

/**
 * Multer in memory with size and count limits. A refused upload does not fail the request:
 * the reason is kept (read it with `uploadErrorOf`) so the route can re-render the form with
 * what the user wrote. The raw file name is preserved so names with paths can be refused.
 */
export function acceptFiles(field: string, maxCount = MAX_FILES_PER_UPLOAD) {
  const upload = multer({
    storage: multer.memoryStorage(),
    preservePath: true,
    limits: { fileSize: MAX_FILE_BYTES, files: maxCount, fields: 20, fieldSize: 256 * 1024, parts: maxCount + 20 },
  }).array(field, maxCount);
  return function receiveFiles(req: Request, res: Response, next: NextFunction): void {
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      if (!(err instanceof multer.MulterError)) return next(err);
      res.locals.uploadError = multerMessage(err, maxCount);
      req.files = [];
      next();
    });
  };
}

export function uploadErrorOf(res: Response): string | undefined {
  const value: unknown = res.locals.uploadError;
  return typeof value === 'string' ? value : undefined;
}

export function uploadedFiles(req: Request): Express.Multer.File[] {
  return Array.isArray(req.files) ? req.files : [];
}

function multerMessage(err: InstanceType<typeof multer.MulterError>, maxCount: number): string {
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return `“${displayName((err as { filename?: string }).filename ?? '')}” is larger than ${MEGABYTES} MB. Please attach a smaller file.`;
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return `You can attach up to ${maxCount} files. Please choose ${maxCount} or fewer.`;
    default:
      return 'We could not read the attached files. Please choose them again.';
  }
}

function displayName(name: string): string {
  return name.replace(/\p{Cc}/gu, '').slice(0, 120) || 'The file';
}

function hasPath(name: string): boolean {
  return /[\\/]/.test(name) || name === '.' || name === '..' || /\p{Cc}/u.test(name);
}

/**
 * Checks each received file: not empty, a plain name (no folders), and an allowed type judged
 * from its bytes, never its name or the browser's claim. Returns the first reason to refuse.
 */
export async function checkUploads(files: Express.Multer.File[]): Promise<{ files: CheckedUpload[]; error?: undefined } | { error: string; files?: undefined }> {
  const checked: CheckedUpload[] = [];
  for (const file of files) {
    const shown = displayName(file.originalname);
    if (hasPath(file.originalname)) {
      return { error: `“${shown}” has a folder path in its name, which we do not accept. Please rename the file and attach it again.` };
    }
    if (file.size === 0 || file.buffer.length === 0) {
      return { error: `“${shown}” is empty (0 bytes). Please choose the file again.` };
    }
    if (file.buffer.length > MAX_FILE_BYTES) {
      return { error: `“${shown}” is larger than ${MEGABYTES} MB. Please attach a smaller file.` };
    }
    const type = await detectAllowedType(file.buffer);
    if (!type) {
      return { error: `“${shown}” is not a ${ALLOWED_LABEL} file. We check what a file contains, not its name.` };
    }
    const name = cleanFileName(file.originalname, type);
    checked.push({ bytes: file.buffer, name, contentType: type, size: file.buffer.length, renamedFrom: sameEnding(file.originalname, name) ? undefined : shown });
  }
  return { files: checked };
}

const ending = (name: string) => (/\.([^.]*)$/.exec(name)?.[1] ?? '').toLowerCase().replace(/^jpeg$/, 'jpg');

function sameEnding(original: string, kept: string): boolean {
  return ending(original) === ending(kept);
}

/** "“notes.pdf” was kept as “notes.txt”, as it holds plain text": said to whoever uploaded it. */
export function renamedNotice(files: CheckedUpload[]): string | undefined {
  const renamed = files.filter((f) => f.renamedFrom);
  if (!renamed.length) return undefined;
  return renamed.map((f) => `“${f.renamedFrom}” was kept as “${f.name}”, to match what the file contains.`).join(' ');
}
