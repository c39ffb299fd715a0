import { Router } from 'express';
import type { Db } from '../db';

/** 200 when the database answers within two seconds, 503 otherwise. */
export function healthRouter(deps: { db: Db }): Router {
  const router = Router();
  router.get('/healthz', async function health(_req, res) {
    res.set('Cache-Control', 'no-store');
    try {
      await Promise.race([
        deps.db.raw('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2000).unref()),
      ]);
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  });
  return router;
}
