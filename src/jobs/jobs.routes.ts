import { Router } from 'express';
import { requireRole } from '../auth/auth.policy';
import type { Db } from '../db';
import { listJobRuns } from './job-runs.repository';
import { presentJobRuns } from './job-trouble';

/** The admin's Background jobs page: when each job last ran, and what went wrong if it failed. */
export function jobsRouter(deps: { db: Db; backupsPossible: boolean }): Router {
  const router = Router();
  router.get('/admin/jobs', requireRole('admin'), async function showJobs(_req, res) {
    res.render('jobs/index', { title: 'Background jobs', ...presentJobRuns(await listJobRuns(deps.db), new Date()), backupsPossible: deps.backupsPossible });
  });
  return router;
}
