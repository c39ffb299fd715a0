import { Router } from 'express';
import type { Config } from '../config';
import { EDIT_WINDOW_MINUTES } from '../discussions/discussions.policy';
import { minutesInWords } from '../lib/wording';

/**
 * The public accessibility statement: the standard the site aims for, how that is checked, what a
 * reader can adjust, what is known to fall short, and whom to tell. Public-sector libraries are
 * often asked for one before staff may take a course.
 */
export function accessibilityRouter(config: Pick<Config, 'sessionIdleMinutes' | 'contactEmail'>): Router {
  const router = Router();
  const facts = { loginIdle: minutesInWords(config.sessionIdleMinutes), postEditWindow: minutesInWords(EDIT_WINDOW_MINUTES), contactEmail: config.contactEmail };
  router.get('/accessibility', function showAccessibility(_req, res) {
    res.render('accessibility/index', { title: 'Accessibility of this site', facts });
  });
  return router;
}
