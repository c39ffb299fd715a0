import { Router } from 'express';
import type { Db } from '../db';
import { toolkitEntriesRouter } from './toolkit.routes';
import { toolkitExportRouter } from './toolkit-export.routes';
import { toolkitSharingRouter } from './toolkit-sharing.routes';
import { toolkitSetAsideRouter } from './toolkit-set-aside.routes';

export { renderToolkitPdf, type ToolkitPdfData } from './toolkit.pdf';
export { toolkitEntriesRequired } from './toolkit.policy';

/** Every toolkit route: the learner's own toolkit, its exports, and what they choose to share. */
export function toolkitRouter(deps: { db: Db }): Router {
  const router = Router();
  router.use(toolkitEntriesRouter(deps));
  router.use(toolkitExportRouter(deps));
  router.use(toolkitSharingRouter(deps));
  router.use(toolkitSetAsideRouter(deps));
  return router;
}
