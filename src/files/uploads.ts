import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { ALLOWED_LABEL, MAX_FILE_BYTES, cleanFileName, detectAllowedType, endsAsItShould, type AllowedMime } from './file-types';

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
const COULD_NOT_READ = 'We could not read the attached files. Please choose them again.';

function isMultipart(req: Request): boolean {
  return req.is('multipart/form-data') === 'multipart/form-data';
}

/**
 * Reads every multipart form (the upload forms) once, in memory and within limits, before the
 * app's CSRF check, so their token travels in the body like any other form's: never in a URL.
 * The token is the form's first field, so it has arrived before any file: a file's bytes are
 * kept only once it holds, and a request without it keeps nothing but its text (which the
 * refusal page hands back). A refused upload does not fail the request: what went wrong is
 * kept for `acceptFiles` to word. The raw file name is preserved so names with paths can be refused.
 */
export function readMultipartForms(opts: { tokenHolds: (req: Request) => boolean }): RequestHandler {
  const read = multer({
    storage: multer.memoryStorage(),
    preservePath: true,
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES_PER_UPLOAD, fields: 10, fieldSize: 256 * 1024, parts: MAX_FILES_PER_UPLOAD + 10 },
    fileFilter(req, _file, keep) {
      if (opts.tokenHolds(req)) return keep(null, true);
      if (req.res) req.res.locals.filesBeforeToken = true;
      keep(null, false);
    },
  }).any();
  return function readMultipart(req, res, next) {
    if (!isMultipart(req)) return next();
    read(req, res, (err: unknown) => {
      if (!err) return next();
      if (!(err instanceof multer.MulterError)) return next(err);
      res.locals.multipartError = err;
      req.files = [];
      next();
    });
  };
}

/**
 * For a route that takes files: up to `maxCount` in the form field `field`, as read by
 * `readMultipartForms`. Anything else is refused with a reason (read it with `uploadErrorOf`)
 * and no files, so the route can re-render the form with what the user wrote.
 */
export function acceptFiles(field: string, maxCount = MAX_FILES_PER_UPLOAD) {
  return function checkReceivedFiles(req: Request, res: Response, next: NextFunction): void {
    const files = uploadedFiles(req);
    const err: unknown = res.locals.multipartError;
    let reason: string | undefined;
    if (err instanceof multer.MulterError) reason = multerMessage(err, maxCount);
    else if (res.locals.filesBeforeToken) reason = COULD_NOT_READ;
    else if (files.length > maxCount || files.some((f) => f.fieldname !== field)) reason = tooMany(maxCount);
    if (reason) {
      res.locals.uploadError = reason;
      req.files = [];
    }
    next();
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
      return tooMany(maxCount);
    default:
      return COULD_NOT_READ;
  }
}

function tooMany(maxCount: number): string {
  return `You can attach up to ${maxCount} files. Please choose ${maxCount} or fewer.`;
}

function displayName(name: string): string {
  return name.replace(/\p{Cc}/gu, '').slice(0, 120) || 'The file';
}

function hasPath(name: string): boolean {
  return /[\\/]/.test(name) || name === '.' || name === '..' || /\p{Cc}/u.test(name);
}

/**
 * Checks each received file: not empty, a plain name (no folders), an allowed type judged from its
 * bytes, never its name or the browser's claim, and whole (ending as that type ends). Returns the
 * first reason to refuse.
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
    if (!endsAsItShould(file.buffer, type)) {
      return { error: `“${shown}” seems to be incomplete: its end is missing, as when a file is cut short while it is copied or saved. Please open it, save it again, and attach the new copy.` };
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
