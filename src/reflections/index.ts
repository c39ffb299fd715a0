import { Router } from 'express';
import type { Db } from '../db';
import type { Storage } from '../files';
import type { Mailer } from '../notifications';
import { feedbackRouter } from './feedback.routes';
import { feedbackPhrasesRouter } from './feedback-phrases.routes';
import { reflectionFilesRouter } from './files.routes';
import { keepsakeRouter } from './keepsake.routes';
import { learnerReflectionsRouter } from './reflections.routes';

export { listOwnReflectionTexts, loadOwnReflection } from './reflections.service';
export { awaitingFeedbackBySession } from './feedback.service';

/** Every reflection route: the learner's page, the instructor's queue, feedback and saved phrases, file downloads, the learner's copy to keep. */
export function reflectionsRouter(deps: { db: Db; mailer: Mailer; storage: Storage; baseUrl: string }): Router {
  const router = Router();
  router.use(learnerReflectionsRouter(deps));
  router.use(feedbackRouter(deps));
  router.use(feedbackPhrasesRouter(deps));
  router.use(reflectionFilesRouter(deps));
  router.use(keepsakeRouter(deps));
  return router;
}
