import { Router, type Request } from 'express';
import type { Db } from '../db';
import { acceptFiles, checkUploads, renamedNotice, uploadErrorOf, uploadedFiles, type Storage } from '../files';
import { ValidationError } from '../lib/errors';
import { flash } from '../lib/http';
import { emptyForm, idParam } from './form-flow';
import { readingValues } from './presenters';
import { modulePage, renderReadingPage } from './reading-page';
import { attachReadingFiles, loadReadingFile, removeReadingFile } from './reading-files.service';
import { listSuggestions } from './readings.repository';
import { loadReading } from './readings.service';

/** Admin upload, download and removal of the files attached to a reading. */
export function readingFilesRouter(deps: { db: Db; storage: Storage }): Router {
  const router = Router();
  const { db, storage } = deps;
  const base = '/admin/courses/:courseId/modules/:moduleId/readings/:readingId/files';

  const ids = (req: Request) => ({ courseId: idParam(req, 'courseId'), moduleId: idParam(req, 'moduleId'), readingId: idParam(req, 'readingId') });
  const readingPage = (i: ReturnType<typeof ids>) => `${modulePage(i.courseId, i.moduleId)}/readings/${i.readingId}`;

  router.post(base, acceptFiles('files'), async function attachFiles(req, res) {
    const i = ids(req);
    const reading = await loadReading(db, i.courseId, i.moduleId, i.readingId);
    const checked = uploadErrorOf(res) ? { error: uploadErrorOf(res)! } : await checkUploads(uploadedFiles(req));
    try {
      if (checked.error !== undefined) throw new ValidationError('Refused upload', { files: checked.error });
      await attachReadingFiles(db, storage, i, checked.files);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = readingValues(reading, await listSuggestions(db, reading.id));
      return renderReadingPage(db, res, 422, { ...emptyForm(values), errors: err.fields }, i);
    }
    const attached = checked.files.length === 1 ? `"${checked.files[0].name}" is attached.` : `${checked.files.length} files are attached.`;
    const renamed = renamedNotice(checked.files);
    flash(req, 'success', renamed ? `${attached} ${renamed}` : attached);
    res.redirect(`${readingPage(i)}#files`);
  });

  router.get(`${base}/:fileId`, async function downloadFile(req, res) {
    const i = ids(req);
    const file = await loadReadingFile(db, i, idParam(req, 'fileId'));
    const bytes = await storage.get(file.storage_key);
    res.attachment(file.original_name);
    res.set({ 'Content-Type': file.content_type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
    res.send(bytes);
  });

  router.get(`${base}/:fileId/delete`, async function confirmDeleteFile(req, res) {
    const i = ids(req);
    const file = await loadReadingFile(db, i, idParam(req, 'fileId'));
    res.render('authoring/confirm-delete', {
      title: `Remove "${file.original_name}"?`,
      what: `the file "${file.original_name}" from this reading, so learners can no longer download it`,
      action: `${readingPage(i)}/files/${file.id}/delete`,
      back: `${readingPage(i)}#files`,
    });
  });

  router.post(`${base}/:fileId/delete`, async function deleteFile(req, res) {
    const i = ids(req);
    const file = await removeReadingFile(db, storage, i, idParam(req, 'fileId'));
    flash(req, 'success', `"${file.original_name}" is removed.`);
    res.redirect(`${readingPage(i)}#files`);
  });

  return router;
}
