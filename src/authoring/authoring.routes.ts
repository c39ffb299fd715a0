import { Router } from 'express';
import { requireRole } from '../auth';
import { ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import type { AuthoringDeps } from './after-course-edits';
import { MarkdownPreviewBody } from './authoring.schemas';
import { coursesRouter } from './courses.routes';
import { courseModulesRouter } from './course-modules.routes';
import { readingFilesRouter } from './reading-files.routes';
import { readingsRouter } from './readings.routes';
import { toolkitSectionsRouter } from './toolkit-sections.routes';

/** Course authoring for admins: every page under /admin/courses and the live Markdown preview. */
export function authoringRouter(deps: AuthoringDeps): Router {
  const router = Router();
  router.use(['/admin/courses', '/admin/markdown-preview'], requireRole('admin'));

  // The same rendering and sanitising as saving, so the preview shows exactly what will be stored.
  router.post('/admin/markdown-preview', function previewMarkdown(req, res) {
    const body = MarkdownPreviewBody.safeParse(req.body ?? {});
    if (!body.success) throw new ValidationError('Please send the Markdown as text of at most 100,000 characters.');
    res.json({ html: renderMarkdown(body.data.markdown) });
  });

  router.use(coursesRouter(deps));
  router.use(courseModulesRouter(deps));
  router.use(readingsRouter(deps));
  router.use(readingFilesRouter(deps));
  router.use(toolkitSectionsRouter(deps));
  return router;
}
