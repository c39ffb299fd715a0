import { Router } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import type { Storage } from '../files';
import { idParamOr404 } from '../modules';
import { openReflectionFile } from './files.service';

/** Reflection attachments, served only through this authorised route and always as downloads. */
export function reflectionFilesRouter(deps: { db: Db; storage: Storage }): Router {
  const router = Router();
  router.get('/reflection-files/:fileId', requireUser, async function downloadReflectionFile(req, res) {
    const file = await openReflectionFile(deps, req.user!, idParamOr404(req.params.fileId));
    res.attachment(file.name);
    res.set({ 'Content-Type': file.contentType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
    res.send(file.bytes);
  });
  return router;
}
