import { Router } from 'express';
import type { PrivacyFacts } from './privacy.presenter';

/** The public page saying what the site keeps about a person, who can read it and for how long. */
export function privacyRouter(facts: PrivacyFacts): Router {
  const router = Router();
  router.get('/privacy', function showPrivacy(_req, res) {
    res.render('privacy/index', { title: 'Your data: what we keep and who can read it', facts });
  });
  return router;
}
